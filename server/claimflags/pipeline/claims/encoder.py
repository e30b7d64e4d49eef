"""The check-worthiness encoder: a fine-tuned MiniLM, run with onnxruntime (no torch).

training/encoder/train_claims.py fine-tunes all-MiniLM-L6-v2 (its first layers; see the model
card) on the CheckThat! 2024 train sentences, exports it to ONNX and writes, in
``models/claims_encoder/``: ``claims.onnx`` (word pieces -> one logit per sentence; int8 when
that kept dev quality), ``tokenizer.json`` (the word-piece tokenizer, read with the
``tokenizers`` package) and ``model.json`` (format, maximum length, the Platt calibration
fitted on dev, the decision threshold chosen on dev, provenance and figures).

``scores(texts)`` is a calibrated probability that a sentence is check-worthy in the
ClaimBuster annotators' sense; sentences are batched (sorted by length, padded per batch).
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

ENCODER_DIR = Path(__file__).resolve().parents[2] / "models" / "claims_encoder"
FORMAT = "claimflags-claims-encoder/1"
BATCH = 32


class EncoderMissingError(RuntimeError):
    """The shipped encoder files are missing or unreadable (raised at startup)."""


class ClaimEncoder:
    def __init__(self, folder: str | Path | None = None):
        from tokenizers import Tokenizer

        root = Path(folder) if folder else ENCODER_DIR
        meta_path = root / "model.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EncoderMissingError(
                f"cannot read the claims encoder's {meta_path}: {exc}; rebuild it with "
                "training/encoder/train_claims.py (see its MODEL_CARD.md)"
            ) from exc
        if meta.get("format") != FORMAT:
            raise EncoderMissingError(f"unknown claims encoder format {meta.get('format')!r} (want {FORMAT})")
        self.meta = meta
        self.max_length = int(meta["max_length"])
        self.slope = float(meta["calibration"]["slope"])
        self.bias = float(meta["calibration"]["bias"])
        self.threshold = float(meta["threshold"])
        self.onnx_path = root / meta["onnx"]
        try:
            digest = hashlib.sha256(self.onnx_path.read_bytes()).hexdigest()
            self.tokenizer = Tokenizer.from_file(str(root / meta["tokenizer"]))
        except Exception as exc:  # a missing or unreadable file: fail loudly at startup
            raise EncoderMissingError(f"cannot load the claims encoder from {root}: {exc}") from exc
        if digest != meta.get("onnx_sha256"):
            raise EncoderMissingError(
                f"cannot load the claims encoder from {root}: {self.onnx_path.name} does not match the SHA-256 "
                "in model.json (damaged or replaced); rebuild it with training/encoder/train_claims.py"
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
                raise EncoderMissingError(f"cannot load the claims encoder from {self.onnx_path}: {exc}") from exc
            self._pid = os.getpid()
        return self._session

    def logits(self, texts: list[str]) -> np.ndarray:
        """The raw logit per text, batched by length."""
        out = np.zeros(len(texts), dtype=np.float32)
        if not texts:
            return out
        ids = [e.ids for e in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for k in range(0, len(order), BATCH):
            idx = order[k : k + BATCH]
            width = max(len(ids[i]) for i in idx)
            arr = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                arr[r, : len(ids[i])] = ids[i]
                mask[r, : len(ids[i])] = 1
            out[idx] = self.session.run(None, {"input_ids": arr, "attention_mask": mask})[0]
        return out

    def scores(self, texts: list[str]) -> np.ndarray:
        """Calibrated probability of check-worthiness per text (0..1)."""
        z = self.slope * self.logits(texts).astype(np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0)))


@lru_cache(maxsize=4)
def load_encoder(folder: str | None = None) -> ClaimEncoder:
    """The encoder, loaded once per process and folder (read-only)."""
    return ClaimEncoder(folder)
