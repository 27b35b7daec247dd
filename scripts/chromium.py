"""Debian's chromium, as the browser tests and the page benchmark launch it.

Playwright cannot download a browser here, so both drive /usr/bin/chromium.
Without the background-networking and component-update flags chromium calls
Google's hosts at start, which this machine's closed network refuses.
"""

PATH = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
