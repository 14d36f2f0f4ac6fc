"""English as English pages in Finland write it: "30 November 2018", "16:00", "€140,000".

Django's own English formats are American ("Nov. 30, 2018", "4 p.m."). Finnish and
Swedish keep Django's, which follow their own conventions. Formats not given here
come from Django's English module."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
