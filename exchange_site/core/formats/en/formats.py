"""British English, as the partners write it: "Monday 26 April 2027", 24-hour clock."""

DATE_FORMAT = "l j F Y"
TIME_FORMAT = "H:i"
