"""`python -m crawler.demo --port N`: serve the demo site by hand."""

from crawler.demo.server import main

main()
