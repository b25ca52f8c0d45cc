"""The archive in its readers' language: gettext catalogues of the theme's strings and
dates through Babel (CLDR)."""

from .catalogues import Catalogue, babel_locale, load_catalogue
from .check import check_catalogues
from .dates import Dates
from .translator import N_, Translator, translator_for

__all__ = ["N_", "Catalogue", "Dates", "Translator", "babel_locale", "check_catalogues",
           "load_catalogue", "translator_for"]
