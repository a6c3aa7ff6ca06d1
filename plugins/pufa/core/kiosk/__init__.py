"""Kiosk facts without HTML: links a kiosk must not open and QR codes."""
