"""The shared encoder: one fine-tuned MiniLM with two heads, run with onnxruntime (no torch).

training/encoder/train_shared.py fine-tunes all-MiniLM-L6-v2 (its first layers; see the model
card) on two tasks at once — check-worthiness (CheckThat! 2024 train sentences) and attribution
roles (PolNeAR train: SOURCE / CUE / CONTENT tags per word piece) — exports it to ONNX and
writes, in ``models/encoder/``: ``encoder.onnx`` (word pieces -> one check-worthiness logit per
sentence and 13 tag probabilities per piece; int8 when that kept dev quality),
``tokenizer.json`` (the word-piece tokenizer, read with the ``tokenizers`` package) and
``model.json`` (format, maximum length, the Platt calibration fitted on dev, the decision
threshold chosen on dev, the claims cascade, provenance and figures).

The engine runs it **once per body sentence**, in ``cf_attributions`` (``encode_sentences``):
the role probabilities go to the attribution tagger, the logits of whole sentences are kept on
the Doc (``doc.user_data[LOGITS_KEY]``) and ``cf_claims`` reads them instead of running the
encoder again (``scores`` runs it for sentences it does not find there). The older format of
train_claims.py (one logit, no tags) still loads, for the claims stage only.

The session runs on one intra-op thread (gunicorn's workers already use the cores) and without
onnxruntime's memory arena (20 MB less per process, no measurable cost in speed). It is made
on first use, in the process that uses it: gunicorn loads the engine in its master and forks
the workers, and a process that forks after importing onnxruntime leaves children that hang or
abort when they exit (onnxruntime's native state does not survive a fork). The files are
checked when the encoder is loaded (the ONNX file against the SHA-256 in ``model.json``), so a
missing or damaged model still stops the engine at startup.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

ENCODER_DIR = Path(__file__).resolve().parents[1] / "models" / "encoder"
FORMATS = ("claimflags-shared-encoder/1", "claimflags-claims-encoder/1")
BATCH = 64
PADDING = 0.1  # a batch takes rows while its padding stays within 10% of its pieces
LOGITS_KEY = "cf_encoder_logits"  # doc.user_data: {(start, end) of a claim extent: logit}


class EncoderMissingError(RuntimeError):
    """The shipped encoder files are missing or unreadable (raised at startup)."""


class SharedEncoder:
    def __init__(self, folder: str | Path | None = None):
        from tokenizers import Tokenizer

        from .attributions.pieces import load_piece_tokenizer  # here: that package imports this module

        root = Path(folder) if folder else ENCODER_DIR
        meta_path = root / "model.json"
        rebuild = "rebuild it with training/encoder/train_shared.py (see its MODEL_CARD.md)"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EncoderMissingError(f"cannot read the encoder's {meta_path}: {exc}; {rebuild}") from exc
        if meta.get("format") not in FORMATS:
            raise EncoderMissingError(f"unknown encoder format {meta.get('format')!r} (want {FORMATS[0]})")
        self.meta = meta
        self.has_tags = meta["format"] == FORMATS[0]
        self.tags = tuple(meta.get("tags", ()))
        self.max_length = int(meta["max_length"])
        self.slope = float(meta["calibration"]["slope"])
        self.bias = float(meta["calibration"]["bias"])
        self.threshold = float(meta["threshold"])
        self.onnx_path = root / meta["onnx"]
        try:
            digest = hashlib.sha256(self.onnx_path.read_bytes()).hexdigest()
            self.tokenizer = Tokenizer.from_file(str(root / meta["tokenizer"]))
            self.pieces = load_piece_tokenizer(root / meta["tokenizer"])  # sentence chunks cut their own length
        except Exception as exc:  # a missing or unreadable file: fail loudly at startup
            raise EncoderMissingError(f"cannot load the encoder from {root}: {exc}") from exc
        if digest != meta.get("onnx_sha256"):
            raise EncoderMissingError(
                f"cannot load the encoder from {root}: {self.onnx_path.name} does not match the SHA-256 "
                f"in model.json (damaged or replaced); {rebuild}"
            )
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self._session = None
        self._pid = None

    @property
    def session(self):
        """The onnxruntime session of this process, made on first use (see the module)."""
        if self._session is None or self._pid != os.getpid():
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            opts.enable_cpu_mem_arena = False
            try:
                self._session = ort.InferenceSession(str(self.onnx_path), opts, providers=["CPUExecutionProvider"])
            except Exception as exc:
                raise EncoderMissingError(f"cannot load the encoder from {self.onnx_path}: {exc}") from exc
            self._pid = os.getpid()
        return self._session

    def run(self, rows: list, with_tags: bool = True) -> tuple[np.ndarray, list[np.ndarray]]:
        """Logit per row of word-piece ids, and (``with_tags``) the tag probabilities of each
        row's pieces; rows are batched by length."""
        logits = np.zeros(len(rows), dtype=np.float32)
        tags: list = [None] * len(rows) if with_tags else []
        for idx in batches([len(r) for r in rows]):
            width = max(len(rows[i]) for i in idx)
            arr = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                arr[r, : len(rows[i])] = rows[i]
                mask[r, : len(rows[i])] = 1
            out = self.session.run(None, {"input_ids": arr, "attention_mask": mask})
            logits[idx] = out[0]
            if with_tags:
                for r, i in enumerate(idx):
                    tags[i] = out[1][r, : len(rows[i])]
        return logits, tags

    def logits(self, texts: list[str]) -> np.ndarray:
        """The raw check-worthiness logit per text."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return self.run([e.ids for e in self.tokenizer.encode_batch(texts)], with_tags=False)[0]

    def log_odds(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated log-odds of check-worthiness per logit (Platt, fitted on dev)."""
        return self.slope * np.asarray(logits, dtype=np.float64) + self.bias

    def calibrate(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probability of check-worthiness per logit (0..1)."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.log_odds(logits), -60.0, 60.0)))

    def scores(self, texts: list[str]) -> np.ndarray:
        """Calibrated probability of check-worthiness per text (0..1)."""
        return self.calibrate(self.logits(texts))


def batches(lengths: list[int], size: int = BATCH, padding: float = PADDING) -> list[list[int]]:
    """Row indices in batches of similar length: sorted by length, a batch grows while the
    pieces its padding adds stay within ``padding`` of its real pieces. A document's sentences
    range from 3 to 128 pieces; fixed batches of 32 padded them to twice their work (PolNeAR
    dev: 11.1 against 5.4 CPU seconds)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    out, k = [], 0
    while k < len(order):
        n, total = 1, lengths[order[k]]
        while n < size and k + n < len(order):
            longest = lengths[order[k + n]]
            if longest * (n + 1) > (1 + padding) * (total + longest):
                break
            total += longest
            n += 1
        out.append(order[k : k + n])
        k += n
    return out


@lru_cache(maxsize=4)
def load_encoder(folder: str | None = None) -> SharedEncoder:
    """The encoder, loaded once per process and folder (read-only)."""
    return SharedEncoder(folder)
