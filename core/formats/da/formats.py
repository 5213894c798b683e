"""Django's Danish formats, with the short date written dd-mm-yyyy as Danish public forms
and spreadsheets write it (Django's own `da` writes dd.mm.yyyy). Everything else is Django's."""

from django.conf.locale.da.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d.%m.%Y"]  # ISO (the date picker) is always accepted
