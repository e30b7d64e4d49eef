#!/usr/bin/env bash
# Rebuild the shipped attribution tagger from PolNeAR train (../shared/data/polnear/train):
#   training/attribution/train.sh [WORK_DIR]
# Parses every train article with the engine's model, stores tok2vec vectors + features +
# gold tags in WORK_DIR (default /tmp/claimflags-attr), trains with config.json, and writes
# server/claimflags/models/attribution/{config.json,tagger.bin}. About an hour on one core.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${1:-/tmp/claimflags-attr}
PY=${PYTHON:-.venv/bin/python}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
mkdir -p "$WORK"
nice -n 10 "$PY" training/attribution/prepare.py --split train --parsed "$WORK/train_docs.pkl" \
  --rates-out "$WORK/cue_rates.tsv" --out "$WORK/train.pkl"
nice -n 10 "$PY" training/attribution/train.py --train "$WORK/train.pkl" \
  --config training/attribution/config.json --rates "$WORK/cue_rates.tsv" \
  --out server/claimflags/models/attribution
