"""Whether a .json or .xml file in content/ is an agency feed, from its first bytes.

A file that is not (a data file, an RSS feed beside an article) stays one of the other
files of content/: copied beside the article that links it, else counted as left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from .newsml import sniff_newsml

SNIFF_BYTES = 65536
# A ninjs item names its standard or schema, or has a 'uri' or 'guid' and a headline.
_NINJS_STANDARD = re.compile(rb'"\$?(?:standard|schema)"\s*:[^\n]{0,200}ninjs', re.IGNORECASE)
_NINJS_ID = re.compile(rb'"(?:uri|guid)"\s*:')
_NINJS_HEADLINE = re.compile(rb'"(?:headline|headlines)"\s*:')


def is_agency_item(file: Path) -> bool:
    """Say whether a .json file looks like ninjs, or a .xml file like NewsML-G2 or NITF
    (a file that cannot be read is taken to be one, so that the build says why)."""
    try:
        with file.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError:
        return True
    if file.suffix.lower() == ".json":
        return bool(_NINJS_STANDARD.search(head)
                    or (_NINJS_ID.search(head) and _NINJS_HEADLINE.search(head)))
    return sniff_newsml(head) is not None
