using HeavyRanker.Runtime.Metrics;

namespace HeavyRanker.Runtime.Tests.Metrics;

public class TaskMetricsAccumulatorTests
{
    // Independent check values: labels [1, 0, 1, 0], predictions [0.9, 0.2, 0.4, 0.6], weights [1, 2, 1, 0.5].
    private static readonly float[] Labels = { 1, 0, 1, 0 };
    private static readonly float[] Predictions = { 0.9f, 0.2f, 0.4f, 0.6f };
    private static readonly float[] Weights = { 1, 2, 1, 0.5f };

    [Fact]
    public void Unweighted_IndependentCheckValues()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(Labels, Predictions);

        MetricValues metrics = accumulator.Compute().Unweighted;

        Assert.Equal(0.75, metrics.ExactRocAuc, 1e-9);
        Assert.Equal(0.8333333, metrics.AveragePrecision, 1e-7);
        Assert.Equal(22.0553155, metrics.Rce, 1e-5);
        Assert.Equal(21.4510788, metrics.Nrce, 1e-5);
    }

    [Fact]
    public void Weighted_IndependentCheckValues()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(Labels, Predictions, Weights);

        MetricValues metrics = accumulator.Compute().Weighted;

        Assert.Equal(0.9, metrics.ExactRocAuc, 1e-9);
        Assert.Equal(37.6939529, metrics.Rce, 1e-5);
    }

    [Fact]
    public void Weighted_AveragePrecisionByHand()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(Labels, Predictions, Weights);

        MetricValues metrics = accumulator.Compute().Weighted;

        // Descending: 0.9 (+, w 1) gives P 1, R 0.5; 0.6 (−, w 0.5) adds no recall;
        // 0.4 (+, w 1) gives P 2 / 2.5, R 1. AP = 0.5 · 1 + 0.5 · 0.8 = 0.9.
        Assert.Equal(0.9, metrics.AveragePrecision, 1e-9);
    }

    [Fact]
    public void Weighted_NrceByHand()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(Labels, Predictions, Weights);

        MetricValues metrics = accumulator.Compute().Weighted;

        Assert.Equal(ReferenceNrce(Labels, Predictions, Weights), metrics.Nrce, 1e-9);
    }

    [Fact]
    public void Streaming_UnweightedSimpleMetrics()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(Labels, Predictions, Weights);

        MetricValues metrics = accumulator.Compute().Unweighted;

        Assert.Equal(4, metrics.Samples);
        Assert.Equal(4, metrics.TotalWeight);
        Assert.Equal(0.5, metrics.Ctr, 1e-12);
        Assert.Equal(0.525, metrics.PredictedCtr, 1e-7);
        Assert.Equal(Math.Sqrt(0.066875), metrics.PredictionStd, 1e-7);

        // Thresholded at p >= 0.5: predicted [1, 0, 0, 1] against labels [1, 0, 1, 0].
        Assert.Equal(0.5, metrics.Accuracy, 1e-12);
        Assert.Equal(0.5, metrics.Precision, 1e-12);
        Assert.Equal(0.5, metrics.Recall, 1e-12);
    }

    [Fact]
    public void Streaming_WeightedSimpleMetrics()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(Labels, Predictions, Weights);

        MetricValues metrics = accumulator.Compute().Weighted;

        Assert.Equal(4, metrics.Samples);
        Assert.Equal(4.5, metrics.TotalWeight, 1e-12);
        Assert.Equal(2 / 4.5, metrics.Ctr, 1e-12);
        Assert.Equal(2.0 / 4.5, metrics.PredictedCtr, 1e-7);

        // Weighted E[p²] = (0.81 + 2 · 0.04 + 0.16 + 0.5 · 0.36) / 4.5.
        double mean = 2.0 / 4.5;
        double variance = (0.81 + 0.08 + 0.16 + 0.18) / 4.5 - mean * mean;
        Assert.Equal(Math.Sqrt(variance), metrics.PredictionStd, 1e-7);

        // Correct: records 0 and 1 (weights 1 + 2) of 4.5; TP weight 1, FP weight 0.5, FN weight 1.
        Assert.Equal(3 / 4.5, metrics.Accuracy, 1e-12);
        Assert.Equal(1 / 1.5, metrics.Precision, 1e-12);
        Assert.Equal(0.5, metrics.Recall, 1e-12);
    }

    [Fact]
    public void Threshold_HalfCountsAsPositive()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(1f, 0.5f);
        accumulator.Add(0f, 0.49999997f);

        MetricValues metrics = accumulator.Compute().Unweighted;

        Assert.Equal(1.0, metrics.Accuracy);
        Assert.Equal(1.0, metrics.Precision);
        Assert.Equal(1.0, metrics.Recall);
    }

    [Fact]
    public void TensorFlowAuc_HandComputedTinyCase()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(Labels, Predictions);

        MetricValues metrics = accumulator.Compute().Unweighted;

        // Predictions 0.9, 0.6, 0.4, 0.2 exceed the first 180, 120, 80 and 40 thresholds, so
        // tp = 2 below threshold 80, 1 up to 179, then 0; fp = 2 below 40, 1 up to 119, then 0.
        // ROC (ε = 1e-6): the false positive rate drops at 39 with recall 1 on both sides, and at
        // 119 with recall (1 + ε) / (2 + ε) on both sides.
        const double epsilon = 1e-6;
        double expectedRoc = 1 / (2 + epsilon) + (1 + epsilon) / ((2 + epsilon) * (2 + epsilon));
        Assert.Equal(expectedRoc, metrics.RocAuc, 1e-12);

        // PR: at 79, dTP = 1 and P falls 3 → 2, so slope 1, intercept −1 and the term is
        // (1 − ln 1.5) / 2; at 179, dTP = 1, P falls 1 → 0 and the term is 1 / 2.
        double expectedPr = 1 - Math.Log(1.5) / 2;
        Assert.Equal(expectedPr, metrics.PrAuc, 1e-12);
    }

    [Fact]
    public void TensorFlowAuc_TwoRecordCase()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(1f, 0.8f);
        accumulator.Add(0f, 0.3f);

        MetricValues metrics = accumulator.Compute().Unweighted;

        // Recall is 1 wherever the false positive rate changes, and the rate falls from 1 / (1 + ε) to 0.
        Assert.Equal(1 / (1 + 1e-6), metrics.RocAuc, 1e-12);
        Assert.Equal(1.0, metrics.PrAuc, 1e-12);
        Assert.Equal(1.0, metrics.ExactRocAuc);
        Assert.Equal(1.0, metrics.AveragePrecision);
    }

    [Fact]
    public void TensorFlowAuc_NearExactOnRandomData()
    {
        var random = new Random(1234);
        var accumulator = new TaskMetricsAccumulator("open");
        for (int i = 0; i < 50_000; i++)
        {
            // A noisy but informative score: the label is drawn from the prediction itself.
            float prediction = (float)random.NextDouble();
            float label = random.NextDouble() < prediction * 0.6 + 0.1 ? 1f : 0f;
            float weight = (float)(0.2 + random.NextDouble() * 2);
            accumulator.Add(label, prediction, weight);
        }

        TaskMetrics metrics = accumulator.Compute();

        foreach (MetricValues values in new[] { metrics.Weighted, metrics.Unweighted })
        {
            Assert.InRange(values.ExactRocAuc, 0.6, 0.9);
            Assert.Equal(values.ExactRocAuc, values.RocAuc, 0.01);
            Assert.Equal(values.AveragePrecision, values.PrAuc, 0.01);
        }
    }

    [Fact]
    public void ExactRocAuc_TiesCountHalf()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(new float[] { 1, 0, 1, 0 }, new[] { 0.5f, 0.5f, 0.7f, 0.1f });

        MetricValues metrics = accumulator.Compute().Unweighted;

        // Pairs: (0.5+, 0.5−) tie 0.5; (0.5+, 0.1−) 1; (0.7+, 0.5−) 1; (0.7+, 0.1−) 1. 3.5 / 4.
        Assert.Equal(0.875, metrics.ExactRocAuc, 1e-12);

        // 0.7 gives P 1 at R 0.5. The tied pair at 0.5 enters as one point, P 2/3 at R 1.
        Assert.Equal(0.5 * 1 + 0.5 * (2.0 / 3), metrics.AveragePrecision, 1e-12);
    }

    [Fact]
    public void ExactMetrics_MatchBruteForce()
    {
        var random = new Random(99);
        int count = 300;
        var labels = new float[count];
        var predictions = new float[count];
        var weights = new float[count];
        for (int i = 0; i < count; i++)
        {
            // Few distinct values, so ties are common.
            predictions[i] = random.Next(0, 21) / 20f;
            labels[i] = random.NextDouble() < predictions[i] ? 1 : 0;
            weights[i] = random.Next(0, 4) * 0.5f;
        }

        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(labels, predictions, weights);
        TaskMetrics metrics = accumulator.Compute();

        Assert.Equal(BruteForceRocAuc(labels, predictions, weights), metrics.Weighted.ExactRocAuc, 1e-12);
        Assert.Equal(BruteForceRocAuc(labels, predictions, null), metrics.Unweighted.ExactRocAuc, 1e-12);
        Assert.Equal(BruteForceAveragePrecision(labels, predictions, weights), metrics.Weighted.AveragePrecision, 1e-12);
        Assert.Equal(BruteForceAveragePrecision(labels, predictions, null), metrics.Unweighted.AveragePrecision, 1e-12);
        Assert.Equal(ReferenceNrce(labels, predictions, weights), metrics.Weighted.Nrce, 1e-9);
    }

    [Fact]
    public void Clipping_ExtremePredictionsStayFinite()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(new float[] { 1, 0, 1, 0 }, new float[] { 0f, 1f, 1f, 0f });

        MetricValues metrics = accumulator.Compute().Unweighted;

        // Half the records cost −ln(1e-5) and half −ln(1 − 1e-5); the baseline is ln 2.
        double meanCrossEntropy = (-Math.Log(1e-5) - Math.Log(1 - 1e-5)) / 2;
        Assert.Equal(100 * (1 - meanCrossEntropy / Math.Log(2)), metrics.Rce, 1e-9);
        Assert.True(double.IsFinite(metrics.Nrce));
    }

    [Fact]
    public void Empty_ReportsZeroCountsAndNaN()
    {
        TaskMetrics metrics = new TaskMetricsAccumulator("open").Compute();

        foreach (MetricValues values in new[] { metrics.Weighted, metrics.Unweighted })
        {
            Assert.Equal(0, values.Samples);
            Assert.Equal(0, values.TotalWeight);
            Assert.True(double.IsNaN(values.Ctr));
            Assert.True(double.IsNaN(values.PredictedCtr));
            Assert.True(double.IsNaN(values.PredictionStd));
            Assert.True(double.IsNaN(values.Accuracy));
            Assert.True(double.IsNaN(values.Precision));
            Assert.True(double.IsNaN(values.Recall));
            Assert.True(double.IsNaN(values.RocAuc));
            Assert.True(double.IsNaN(values.PrAuc));
            Assert.True(double.IsNaN(values.ExactRocAuc));
            Assert.True(double.IsNaN(values.AveragePrecision));
            Assert.True(double.IsNaN(values.Rce));
            Assert.True(double.IsNaN(values.Nrce));
        }
    }

    [Fact]
    public void AllNegative_AucAndRceAreNaN()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(new float[] { 0, 0, 0 }, new[] { 0.1f, 0.7f, 0.3f });

        MetricValues metrics = accumulator.Compute().Unweighted;

        Assert.Equal(0, metrics.Ctr);
        Assert.True(double.IsNaN(metrics.RocAuc));
        Assert.True(double.IsNaN(metrics.PrAuc));
        Assert.True(double.IsNaN(metrics.ExactRocAuc));
        Assert.True(double.IsNaN(metrics.AveragePrecision));
        Assert.True(double.IsNaN(metrics.Rce));
        Assert.True(double.IsNaN(metrics.Nrce));
        Assert.Equal(0, metrics.Precision);
        Assert.Equal(0, metrics.Recall);
        Assert.Equal(2.0 / 3, metrics.Accuracy, 1e-12);
    }

    [Fact]
    public void AllPositive_RocNaNPrDefined()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(new float[] { 1, 1 }, new[] { 0.2f, 0.9f });

        MetricValues metrics = accumulator.Compute().Unweighted;

        Assert.True(double.IsNaN(metrics.RocAuc));
        Assert.True(double.IsNaN(metrics.ExactRocAuc));
        Assert.Equal(1.0, metrics.PrAuc, 1e-12);
        Assert.Equal(1.0, metrics.AveragePrecision, 1e-12);
        Assert.True(double.IsNaN(metrics.Rce));
    }

    [Fact]
    public void ZeroWeights_MaskRecordsFromWeightedMetrics()
    {
        var masked = new TaskMetricsAccumulator("open");
        masked.Add(new float[] { 1, 0, 1, 0 }, new[] { 0.9f, 0.2f, 0.1f, 0.95f }, new float[] { 1, 1, 0, 0 });
        var reference = new TaskMetricsAccumulator("open");
        reference.Add(new float[] { 1, 0 }, new[] { 0.9f, 0.2f });

        MetricValues weighted = masked.Compute().Weighted;
        MetricValues expected = reference.Compute().Unweighted;

        Assert.Equal(4, weighted.Samples);
        Assert.Equal(expected with { Samples = 4 }, weighted);
    }

    [Fact]
    public void WithoutKeptPredictions_ExactMetricsNaN()
    {
        var streaming = new TaskMetricsAccumulator("open", keepPredictions: false);
        var keeping = new TaskMetricsAccumulator("open");
        streaming.Add(Labels, Predictions, Weights);
        keeping.Add(Labels, Predictions, Weights);

        MetricValues withoutExact = streaming.Compute().Weighted;
        MetricValues withExact = keeping.Compute().Weighted;

        Assert.True(double.IsNaN(withoutExact.ExactRocAuc));
        Assert.True(double.IsNaN(withoutExact.AveragePrecision));
        Assert.True(double.IsNaN(withoutExact.Nrce));
        Assert.Equal(withExact with { ExactRocAuc = double.NaN, AveragePrecision = double.NaN, Nrce = double.NaN }, withoutExact);
    }

    [Fact]
    public void WithoutKeptPredictions_AddAllocatesNothing()
    {
        var accumulator = new TaskMetricsAccumulator("open", keepPredictions: false);
        var labels = new float[1000];
        var predictions = new float[1000];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 3 == 0 ? 1 : 0;
            predictions[i] = i / 1000f;
        }

        accumulator.Add(labels, predictions, labels);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 100; round++)
        {
            accumulator.Add(labels, predictions, labels);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
        Assert.Equal(101_000, accumulator.Count);
    }

    [Fact]
    public void ScalarAndBatchAddsAgree()
    {
        var scalar = new TaskMetricsAccumulator("open");
        var batch = new TaskMetricsAccumulator("open");
        for (int i = 0; i < Labels.Length; i++)
        {
            scalar.Add(Labels[i], Predictions[i], Weights[i]);
        }

        batch.Add(Labels.AsSpan(0, 2), Predictions.AsSpan(0, 2), Weights.AsSpan(0, 2));
        batch.Add(Labels.AsSpan(2), Predictions.AsSpan(2), Weights.AsSpan(2));

        Assert.Equal(scalar.Compute(), batch.Compute());
    }

    [Fact]
    public void Reset_ForgetsRecords()
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(new float[] { 1, 1, 1 }, new[] { 0.1f, 0.2f, 0.3f });

        accumulator.Reset();
        accumulator.Add(Labels, Predictions);

        var fresh = new TaskMetricsAccumulator("open");
        fresh.Add(Labels, Predictions);
        Assert.Equal(fresh.Compute(), accumulator.Compute());
    }

    [Theory]
    [InlineData(0.5f, 0.5f, 1f)]
    [InlineData(2f, 0.5f, 1f)]
    [InlineData(float.NaN, 0.5f, 1f)]
    [InlineData(1f, -0.01f, 1f)]
    [InlineData(1f, 1.01f, 1f)]
    [InlineData(1f, float.NaN, 1f)]
    [InlineData(1f, 0.5f, -1f)]
    [InlineData(1f, 0.5f, float.PositiveInfinity)]
    [InlineData(1f, 0.5f, float.NaN)]
    public void Add_RejectsOutOfRange(float label, float prediction, float weight)
    {
        var accumulator = new TaskMetricsAccumulator("open");

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add(label, prediction, weight));

        Assert.Contains("Task 'open'", exception.Message);
        Assert.Equal(0, accumulator.Count);
    }

    [Fact]
    public void AddBatch_InvalidRecordAddsNothing()
    {
        var accumulator = new TaskMetricsAccumulator("open");

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            accumulator.Add(new float[] { 1, 0, 1 }, new[] { 0.5f, 0.2f, 1.5f }));

        Assert.Contains("record 2 of the batch", exception.Message);
        Assert.Equal(0, accumulator.Count);
    }

    [Fact]
    public void AddBatch_RejectsLengthMismatch()
    {
        var accumulator = new TaskMetricsAccumulator("open");

        Assert.Throws<ArgumentException>(() => accumulator.Add(new float[] { 1, 0 }, new[] { 0.5f }));
        Assert.Throws<ArgumentException>(() => accumulator.Add(new float[] { 1 }, new[] { 0.5f }, new float[] { 1, 1 }));
    }

    [Fact]
    public void Thresholds_MatchTensorFlowList()
    {
        float[] thresholds = ThresholdHistogram.GetThresholds();

        Assert.Equal(200, thresholds.Length);
        Assert.Equal((float)-1e-7, thresholds[0]);
        Assert.Equal((float)(1.0 / 199), thresholds[1]);
        Assert.Equal((float)(198.0 / 199), thresholds[198]);
        Assert.Equal((float)(1 + 1e-7), thresholds[199]);
        Assert.True(thresholds[199] > 1f);
    }

    [Fact]
    public void Bucket_CountsThresholdsStrictlyBelow()
    {
        float[] thresholds = ThresholdHistogram.GetThresholds();
        var random = new Random(5);
        var predictions = new List<float> { 0f, 1f, 0.5f, 1e-9f };
        predictions.AddRange(thresholds.Where(value => value >= 0 && value <= 1));
        predictions.AddRange(thresholds.Where(value => value > 0 && value <= 1).Select(value => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(value) - 1)));
        predictions.AddRange(thresholds.Where(value => value >= 0 && value < 1).Select(value => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(value) + 1)));
        for (int i = 0; i < 1000; i++)
        {
            predictions.Add((float)random.NextDouble());
        }

        foreach (float prediction in predictions)
        {
            int expected = thresholds.Count(threshold => prediction > threshold);
            Assert.Equal(expected, ThresholdHistogram.Bucket(prediction));
        }
    }

    private static double BruteForceRocAuc(float[] labels, float[] predictions, float[]? weights)
    {
        double concordant = 0;
        double pairs = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            for (int j = 0; j < labels.Length; j++)
            {
                if (labels[i] != 1 || labels[j] != 0)
                {
                    continue;
                }

                double pairWeight = (weights?[i] ?? 1) * (weights?[j] ?? 1);
                pairs += pairWeight;
                if (predictions[i] > predictions[j])
                {
                    concordant += pairWeight;
                }
                else if (predictions[i] == predictions[j])
                {
                    concordant += pairWeight / 2;
                }
            }
        }

        return concordant / pairs;
    }

    // Σ over distinct thresholds t (descending) of (R(t) − R(previous t)) · P(t), with records at or above t predicted positive.
    private static double BruteForceAveragePrecision(float[] labels, float[] predictions, float[]? weights)
    {
        double positives = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).Sum(i => (double)(weights?[i] ?? 1));
        double previousRecall = 0;
        double averagePrecision = 0;
        foreach (float threshold in predictions.Distinct().OrderByDescending(value => value))
        {
            double truePositive = 0;
            double predicted = 0;
            for (int i = 0; i < labels.Length; i++)
            {
                if (predictions[i] >= threshold)
                {
                    double weight = weights?[i] ?? 1;
                    predicted += weight;
                    truePositive += labels[i] == 1 ? weight : 0;
                }
            }

            double recall = truePositive / positives;
            double precision = predicted > 0 ? truePositive / predicted : 0;
            averagePrecision += (recall - previousRecall) * precision;
            previousRecall = recall;
        }

        return averagePrecision;
    }

    private static double ReferenceNrce(float[] labels, float[] predictions, float[] weights)
    {
        double totalWeight = weights.Sum(weight => (double)weight);
        double positive = Enumerable.Range(0, labels.Length).Sum(i => (double)weights[i] * labels[i]);
        double predicted = Enumerable.Range(0, labels.Length).Sum(i => (double)weights[i] * predictions[i]);
        double scale = positive / predicted;
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double p = Math.Clamp(scale * predictions[i], 1e-5, 1 - 1e-5);
            loss += weights[i] * -(labels[i] * Math.Log(p) + (1 - labels[i]) * Math.Log(1 - p));
        }

        double ctr = positive / totalWeight;
        double baseline = -(ctr * Math.Log(ctr) + (1 - ctr) * Math.Log(1 - ctr));
        return 100 * (1 - loss / totalWeight / baseline);
    }
}
