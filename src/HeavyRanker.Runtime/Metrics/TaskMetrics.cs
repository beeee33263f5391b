namespace HeavyRanker.Runtime.Metrics;

/// <summary>
/// Evaluation metrics of one task under one weighting. Ratios are NaN when no sample has weight,
/// and each metric documents its other degenerate cases.
/// </summary>
/// <param name="Samples">Number of records added, whatever their weight.</param>
/// <param name="TotalWeight">Sum of weights (equal to <paramref name="Samples"/> when unweighted).</param>
/// <param name="Ctr">Weighted mean label.</param>
/// <param name="PredictedCtr">Weighted mean prediction.</param>
/// <param name="PredictionStd">Weighted population standard deviation of the predictions.</param>
/// <param name="Accuracy">Weight share of records whose thresholded prediction (p ≥ 0.5) equals the label.</param>
/// <param name="Precision">Positive weight over predicted-positive weight at p ≥ 0.5; 0 when nothing is predicted positive, as in TensorFlow.</param>
/// <param name="Recall">Predicted-positive share of the positive weight at p ≥ 0.5; 0 when there is no positive weight, as in TensorFlow.</param>
/// <param name="RocAuc">ROC-AUC as TensorFlow 1 <c>tf.metrics.auc</c> computes it with 200 thresholds; NaN unless both classes have weight.</param>
/// <param name="PrAuc">PR-AUC as <c>tf.metrics.auc</c> with 200 thresholds and careful interpolation; NaN without positive weight.</param>
/// <param name="ExactRocAuc">ROC-AUC over all thresholds with ties counted half; NaN unless both classes have weight, or when predictions were not kept.</param>
/// <param name="AveragePrecision">Average precision as scikit-learn defines it; NaN without positive weight, or when predictions were not kept.</param>
/// <param name="Rce">Relative cross entropy in percent against always predicting the CTR; NaN when the CTR is 0 or 1.</param>
/// <param name="Nrce">RCE after scaling predictions by (Σ w·y) / (Σ w·p); NaN in the cases of RCE, when Σ w·p is 0, or when predictions were not kept.</param>
public sealed record MetricValues(
    long Samples,
    double TotalWeight,
    double Ctr,
    double PredictedCtr,
    double PredictionStd,
    double Accuracy,
    double Precision,
    double Recall,
    double RocAuc,
    double PrAuc,
    double ExactRocAuc,
    double AveragePrecision,
    double Rce,
    double Nrce);

/// <summary>The metrics of one task, with the record weights applied and with every weight taken as 1.</summary>
/// <param name="Task">Task name, for example <c>open</c>.</param>
/// <param name="Weighted">Metrics with each record counted by its weight.</param>
/// <param name="Unweighted">Metrics with each record counted once.</param>
public sealed record TaskMetrics(string Task, MetricValues Weighted, MetricValues Unweighted);
