"""claimflags: inline flags for reading the news.

Layers, each importing only from the ones above it:
  textspan, notes              offsets and the note table (no NLP, no web)
  pipeline                     spaCy components that write to ``doc.spans``
  service                      text in, JSON-ready result out (uses pipeline)
  web, cli                     HTTP and command line (use service; never spaCy)
"""

__version__ = "0.1.0"
