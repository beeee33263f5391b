#!/usr/bin/env bash
# Runs the whole job on built-in data: generate synthetic notifications,
# train the sample model, evaluate it and score held-out rows.
# Everything goes to out/quickstart/ (ignored by git). Takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=out/quickstart
rows=${ROWS:-20000}
ranker() { dotnet run --no-build -c Release --project samples/NotificationRanker -- "$@"; }

echo "== build"
dotnet build samples/NotificationRanker -c Release -nologo -v quiet

mkdir -p "$out"
echo "== generate $rows training rows and $((rows / 4)) validation rows"
ranker generate --rows "$rows" --out "$out/train.csv" --seed 1
ranker generate --rows $((rows / 4)) --out "$out/valid.csv" --seed 2

echo "== train"
# One epoch keeps the run short; recalibrating the batch-norm statistics on 100 training
# batches makes the probabilities of such a short run usable (docs/training.md).
ranker train --data "$out/train.csv" --valid "$out/valid.csv" --out "$out/model" --epochs 1 --recalibrate-batch-norm 100 --overwrite

echo "== evaluate"
ranker eval --model "$out/model" --data "$out/valid.csv" --out "$out/eval-metrics.json" --report "$out/eval-report"

echo "== score"
ranker score --model "$out/model" --data "$out/valid.csv" --out "$out/scores.csv"

echo "== done: model in $out/model, plots in $out/eval-report, scores in $out/scores.csv"
echo "   the best reachable ROC-AUC of the generated data is in $out/valid.csv.truth.json"
