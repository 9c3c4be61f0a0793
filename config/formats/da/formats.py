"""Danish date formats of the platform (Django's own for everything not named here).

One date style: "5. feb. 2027" in lists and tables (``SHORT_DATE_FORMAT``; the Danish abbreviations with their
full stop, "marts", "maj" and "juni" written out), "fredag 5. februar 2027" in headings (``"l j. F Y"``), month and
weekday names in lower case as Danish writes them.
"""

SHORT_DATE_FORMAT = "j. N Y"
SHORT_DATETIME_FORMAT = "j. N Y H:i"
