"""English short dates in the same order as the Danish: "5 Feb 2027"."""

SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
