"""Date formats of the exchange's languages where Django's own differ from what its readers
expect (``FORMAT_MODULE_PATH``); a language without a module here keeps Django's formats.

A full date names the weekday where the language does so by habit: visitors plan by days of
the week. Danish keeps Django's "26. april 2027".
"""
