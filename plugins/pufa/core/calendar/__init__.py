"""The legal-education calendar: data, checks and iCalendar feeds."""
