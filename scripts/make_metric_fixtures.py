#!/usr/bin/env python3
"""Writes Tests/InspectionTests/Fixtures/metrics.json: reference values for Sources/Inspection/Metrics.

Every number comes from scikit-learn or scipy, except the DeLong variance, which no library here provides: it
is computed twice below, by the fast mid-rank algorithm of Sun & Xu (2014) and by the O(m·n) pairwise
definition of DeLong et al. (1988), and the script stops if the two disagree. The clustered variance of
Obuchowski (1997) is computed from the pairwise kernel matrix, cluster by cluster, and checked against the
DeLong variance when every cluster holds one row; so is the paired (network against baseline) variance,
against the sample covariance of DeLong's components. Inputs are seeded: re-running
rewrites the same file. The Swift tests read the file and never run Python.

Needs numpy, scipy and scikit-learn (versions in scripts/requirements-metric-fixtures.txt and in the file):
    pip install -r scripts/requirements-metric-fixtures.txt
    python3 scripts/make_metric_fixtures.py
"""

from __future__ import annotations

import json
import os

import numpy as np
import scipy
import scipy.stats as stats
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import (average_precision_score, brier_score_loss, confusion_matrix, log_loss,
                             mean_absolute_error, mean_squared_error, precision_recall_curve, r2_score,
                             roc_auc_score, roc_curve)
from sklearn.preprocessing import StandardScaler

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO, "Tests", "InspectionTests", "Fixtures", "metrics.json")
SEED = 20240611
THRESHOLD = 0.5
CALIBRATION_BINS = 10
LOG_LOSS_CLIP = 1e-15  # Auscult's clip; scikit-learn >= 1.5 clips at float64 eps, so inputs are pre-clipped


def floats(array) -> list[float]:
    return [float(v) for v in np.asarray(array, dtype=np.float64).ravel()]


def midranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, tied values sharing the mean of the ranks they span."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    ranks = np.empty(len(values))
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and ordered[end + 1] == ordered[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def delong_fast(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Sun & Xu (2014): structural components from mid-ranks within each class and in the pooled sample."""
    positives, negatives = scores[labels == 1], scores[labels == 0]
    m, n = len(positives), len(negatives)
    pooled = midranks(np.concatenate([positives, negatives]))
    v10 = (pooled[:m] - midranks(positives)) / n
    v01 = 1 - (pooled[m:] - midranks(negatives)) / m
    auc = pooled[:m].sum() / (m * n) - (m + 1) / (2 * n)
    return float(auc), float(v10.var(ddof=1) / m + v01.var(ddof=1) / n)


def delong_pairwise(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """DeLong, DeLong & Clarke-Pearson (1988) from the kernel psi(X, Y) over every positive-negative pair."""
    positives, negatives = scores[labels == 1], scores[labels == 0]
    psi = (positives[:, None] > negatives[None, :]) + 0.5 * (positives[:, None] == negatives[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    return float(psi.mean()), float(v10.var(ddof=1) / len(positives) + v01.var(ddof=1) / len(negatives))


def binary_case(name: str, predictions: np.ndarray, labels: np.ndarray, note: str) -> dict:
    labels = labels.astype(np.int64)
    auc, variance = delong_fast(predictions, labels)
    pairwise_auc, pairwise_variance = delong_pairwise(predictions, labels)
    assert abs(auc - pairwise_auc) < 1e-12 and abs(variance - pairwise_variance) < 1e-12, name
    assert abs(auc - roc_auc_score(labels, predictions)) < 1e-12, name
    clipped = np.clip(predictions, LOG_LOSS_CLIP, 1 - LOG_LOSS_CLIP)
    tn, fp, fn, tp = confusion_matrix(labels, (predictions >= THRESHOLD).astype(int), labels=[0, 1]).ravel()
    fpr, tpr, roc_thresholds = roc_curve(labels, predictions, drop_intermediate=False)
    precision, recall, pr_thresholds = precision_recall_curve(labels, predictions)
    edges = np.arange(CALIBRATION_BINS + 1) / CALIBRATION_BINS
    counts, _ = np.histogram(predictions, bins=edges)
    prediction_sums, _ = np.histogram(predictions, bins=edges, weights=predictions)
    positive_counts, _ = np.histogram(predictions, bins=edges, weights=labels)
    case = {
        "name": name, "note": note, "threshold": THRESHOLD,
        "predictions": floats(predictions), "labels": floats(labels),
        "auroc": float(roc_auc_score(labels, predictions)),
        "average_precision": float(average_precision_score(labels, predictions)),
        "log_loss": float(log_loss(labels, clipped, labels=[0, 1])),
        "brier": float(brier_score_loss(labels, predictions)),
        "delong_variance": variance,
        "true_positives": int(tp), "false_positives": int(fp),
        "true_negatives": int(tn), "false_negatives": int(fn),
        "calibration_counts": [int(c) for c in counts],
        "calibration_mean_prediction": [float(s / c) if c else None for s, c in zip(prediction_sums, counts)],
        "calibration_observed_rate": [float(p / c) if c else None for p, c in zip(positive_counts, counts)],
    }
    if len(predictions) <= 300:  # full curves only for the small cases, to keep the file small
        case.update({
            "roc_fpr": floats(fpr), "roc_tpr": floats(tpr), "roc_thresholds": floats(roc_thresholds[1:]),
            "pr_precision": floats(precision), "pr_recall": floats(recall), "pr_thresholds": floats(pr_thresholds),
        })
    return case


def cluster_kernel_sums(scores: np.ndarray, labels: np.ndarray, clusters: np.ndarray):
    """Per-cluster kernel sums V10_i, V01_i of Obuchowski (1997), from the psi matrix of every pair."""
    positive, negative = labels == 1, labels == 0
    psi = ((scores[positive][:, None] > scores[negative][None, :])
           + 0.5 * (scores[positive][:, None] == scores[negative][None, :]))
    big_m, big_n = psi.shape
    ids = np.unique(clusters)
    v10 = np.array([psi[clusters[positive] == c, :].sum() / big_n for c in ids])
    v01 = np.array([psi[:, clusters[negative] == c].sum() / big_m for c in ids])
    m = np.array([(clusters[positive] == c).sum() for c in ids])
    n = np.array([(clusters[negative] == c).sum() for c in ids])
    return psi.mean(), v10, v01, m, n


def obuchowski_covariance(first, second) -> float:
    """Obuchowski's S10/M + S01/N + (S11 + S11')/(MN), one factor of each product from each score."""
    auc_a, v10_a, v01_a, m, n = first
    auc_b, v10_b, v01_b, _, _ = second
    big_m, big_n = m.sum(), n.sum()
    i10, i01, i = (m > 0).sum(), (n > 0).sum(), len(m)
    d10_a, d01_a, d10_b, d01_b = v10_a - m * auc_a, v01_a - n * auc_a, v10_b - m * auc_b, v01_b - n * auc_b
    s10 = i10 / ((i10 - 1) * big_m) * (d10_a * d10_b).sum()
    s01 = i01 / ((i01 - 1) * big_n) * (d01_a * d01_b).sum()
    s11 = i / (i - 1) * ((d10_a * d01_b).sum() + (d01_a * d10_b).sum())
    return float(s10 / big_m + s01 / big_n + s11 / (big_m * big_n))


def obuchowski_pairwise(scores: np.ndarray, labels: np.ndarray, clusters: np.ndarray) -> tuple[float, float]:
    sums = cluster_kernel_sums(scores, labels, clusters)
    return float(sums[0]), max(0.0, obuchowski_covariance(sums, sums))


def paired_delong_unclustered(a: np.ndarray, b: np.ndarray, labels: np.ndarray) -> float:
    """DeLong et al. (1988) var(AUC_a - AUC_b) from the sample covariance of the structural components."""
    def components(scores):
        positives, negatives = scores[labels == 1], scores[labels == 0]
        psi = (positives[:, None] > negatives[None, :]) + 0.5 * (positives[:, None] == negatives[None, :])
        return psi.mean(axis=1), psi.mean(axis=0)
    (v10_a, v01_a), (v10_b, v01_b) = components(a), components(b)
    s10, s01 = np.cov(v10_a, v10_b), np.cov(v01_a, v01_b)
    m, n = len(v10_a), len(v01_a)
    return float((s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n)


def paired_case(name: str, a: np.ndarray, b: np.ndarray, labels: np.ndarray, clusters: np.ndarray, note: str) -> dict:
    sums_a, sums_b = cluster_kernel_sums(a, labels, clusters), cluster_kernel_sums(b, labels, clusters)
    variance = (obuchowski_covariance(sums_a, sums_a) + obuchowski_covariance(sums_b, sums_b)
                - 2 * obuchowski_covariance(sums_a, sums_b))
    if len(np.unique(clusters)) == len(clusters):
        assert abs(variance - paired_delong_unclustered(a, b, labels)) < 1e-12, name
    return {"name": name, "note": note, "a": floats(a), "b": floats(b), "labels": floats(labels),
            "clusters": [int(c) for c in clusters],
            "difference": float(roc_auc_score(labels, a) - roc_auc_score(labels, b)),
            "difference_variance": float(max(0.0, variance))}


def paired_binary_cases(rng: np.random.Generator) -> list[dict]:
    users = np.repeat(np.arange(200), 2)
    labels = (rng.random(200) < 0.3).astype(int)[users]
    shared = rng.normal(size=200)[users]
    network = shared + 0.6 * rng.normal(size=400) + 1.4 * labels
    baseline = 0.5 * shared + rng.normal(size=400) + 0.8 * labels
    return [
        paired_case("paired_two_weeks_per_user", network, baseline, labels, users,
                    "two scores of 200 users x 2 weeks sharing a per-user effect"),
        paired_case("paired_one_row_each", network, baseline, labels, np.arange(400),
                    "the same scores with every row its own cluster: DeLong's paired test"),
    ]


def clustered_case(name: str, predictions: np.ndarray, labels: np.ndarray, clusters: np.ndarray, note: str) -> dict:
    auc, variance = obuchowski_pairwise(predictions, labels, clusters)
    assert abs(auc - roc_auc_score(labels, predictions)) < 1e-12, name
    return {"name": name, "note": note, "predictions": floats(predictions), "labels": floats(labels),
            "clusters": [int(c) for c in clusters], "auroc": auc, "clustered_variance": variance}


def clustered_binary_cases(rng: np.random.Generator) -> list[dict]:
    singletons = rng.random(200) < 0.4
    predictions = scores_for(rng, singletons.astype(int), 1.5)
    assert abs(obuchowski_pairwise(predictions, singletons.astype(int), np.arange(200))[1]
               - delong_fast(predictions, singletons.astype(int))[1]) < 1e-12
    cases = []
    # Users with two weeks each, the label per user, a per-user effect shared by both weeks' scores.
    users = np.repeat(np.arange(150), 2)
    user_labels = (rng.random(150) < 0.3).astype(int)
    labels = user_labels[users]
    shared = rng.normal(size=150)[users]
    predictions = 1 / (1 + np.exp(-(shared + 0.5 * rng.normal(size=300) + 1.2 * (labels - 0.5))))
    cases.append(clustered_case("two_weeks_per_user", predictions, labels, users,
                                "150 users x 2 weeks, label per user, shared per-user score effect"))
    # 1 to 6 rows per cluster with labels mixed inside clusters (so S11 is not 0) and tied scores.
    sizes = rng.integers(1, 7, size=60)
    clusters = np.repeat(np.arange(60) * 7 + 3, sizes)
    labels = (rng.random(len(clusters)) < 0.45).astype(int)
    predictions = np.round(scores_for(rng, labels, 1.0) + 0.3 * rng.normal(size=60)[clusters // 7], 1)
    cases.append(clustered_case("mixed_clusters_with_ties", predictions, labels, clusters,
                                "60 clusters of 1-6 rows, labels mixed within clusters, scores rounded to 0.1"))
    return cases


def scores_for(rng: np.random.Generator, labels: np.ndarray, separation: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(rng.normal(size=len(labels)) + separation * (labels - 0.5))))


def binary_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for n in (20, 200, 2000):
        labels = (rng.random(n) < 0.4).astype(int)
        cases.append(binary_case(f"n{n}", scores_for(rng, labels, 1.5), labels, "logistic scores, 40% positive"))
    labels = (rng.random(300) < 0.5).astype(int)
    cases.append(binary_case("ties", np.round(scores_for(rng, labels, 1.0), 1), labels,
                             "scores rounded to one decimal: many ties, many exactly on calibration edges"))
    labels = (rng.random(1500) < 0.03).astype(int)
    cases.append(binary_case("imbalanced", scores_for(rng, labels, 2.5) * 0.3, labels, "3% positive"))
    labels = (rng.random(100) < 0.5).astype(int)
    saturated = scores_for(rng, labels, 3.0)
    saturated[:10] = labels[:10]          # confidently right: exactly 0 or 1
    saturated[10:14] = 1 - labels[10:14]  # confidently wrong: log loss is driven by the clip
    cases.append(binary_case("saturated", saturated, labels, "exact 0/1 predictions, four of them wrong"))
    # Hanley & McNeil (1982), Table I: CT ratings 1 (definitely normal) .. 5 (definitely abnormal) of
    # 58 normal and 51 abnormal patients; they report AUC 0.893 (SE 0.032 by their own approximation).
    normal, abnormal = [33, 6, 6, 11, 2], [3, 2, 2, 11, 33]
    ratings = np.concatenate([np.repeat(np.arange(1, 6), normal), np.repeat(np.arange(1, 6), abnormal)])
    labels = np.concatenate([np.zeros(58, int), np.ones(51, int)])
    cases.append(binary_case("hanley_mcneil_1982", (ratings - 1) / 4, labels,
                             "Hanley & McNeil 1982 Table I ratings mapped to (rating - 1) / 4"))
    return cases


def regression_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for n in (20, 200, 2000):
        clusters = rng.integers(0, max(2, n // 8), size=n)
        labels = 70 + 10 * rng.normal(size=n) + 3 * rng.normal(size=clusters.max() + 1)[clusters]
        predictions = labels + 6 * rng.normal(size=n) + 2
        cases.append({
            "name": f"n{n}", "predictions": floats(predictions), "labels": floats(labels),
            "clusters": [int(c) for c in clusters],
            "mae": float(mean_absolute_error(labels, predictions)),
            "rmse": float(np.sqrt(mean_squared_error(labels, predictions))),
            "r2": float(r2_score(labels, predictions)),
        })
    return cases


def linear_features(rng: np.random.Generator, n: int, constant: bool) -> np.ndarray:
    features = np.column_stack([
        rng.normal(50, 12, n),            # age-like
        rng.integers(0, 2, n),            # sex-like
        rng.normal(65, 8, n),             # resting heart rate-like
        rng.exponential(1.0, n),          # skewed
        rng.normal(0, 1, n) * 1e-3,       # tiny scale
    ])
    if constant:
        features = np.column_stack([features, np.full(n, 3.5)])
    return features


def logistic_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for name, n, l2, constant in [("n300_l2_1", 300, 1.0, False), ("n600_l2_0.1_constant", 600, 0.1, True),
                                  ("n80_l2_10", 80, 10.0, False)]:
        features = linear_features(rng, n, constant)
        scaled = StandardScaler().fit_transform(features)
        logit = 0.8 * scaled[:, 0] - 0.5 * scaled[:, 1] + 0.3 * scaled[:, 3] - 0.4
        labels = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
        model = LogisticRegression(C=1 / l2, solver="lbfgs", tol=1e-10, max_iter=10000).fit(scaled, labels)
        weights, intercept = model.coef_.ravel(), float(model.intercept_[0])
        # Check the penalty convention: sklearn minimises C * sum(log loss) + ||w||^2 / 2, i.e. Auscult's
        # sum(log loss) + l2 / 2 * ||w||^2 with C = 1 / l2. The gradient of the latter must vanish here.
        residual = 1 / (1 + np.exp(-(scaled @ weights + intercept))) - labels
        gradient = np.concatenate([[residual.sum()], scaled.T @ residual + l2 * weights])
        assert np.abs(gradient).max() < 1e-6, (name, gradient)
        cases.append({
            "name": name, "l2": l2, "features": [floats(row) for row in features], "labels": floats(labels),
            "coefficients": floats(weights), "intercept": intercept,
            "probabilities": floats(model.predict_proba(scaled)[:, 1]),
        })
    return cases


def ridge_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for name, n, l2, constant in [("n200_l2_1", 200, 1.0, False), ("n500_l2_25_constant", 500, 25.0, True)]:
        features = linear_features(rng, n, constant)
        scaled = StandardScaler().fit_transform(features)
        labels = 3 * scaled[:, 0] - 2 * scaled[:, 2] + 0.5 * scaled[:, 4] + 10 + rng.normal(size=n)
        model = Ridge(alpha=l2, solver="cholesky").fit(scaled, labels)
        cases.append({
            "name": name, "l2": l2, "features": [floats(row) for row in features], "labels": floats(labels),
            "coefficients": floats(model.coef_), "intercept": float(model.intercept_),
            "predictions": floats(model.predict(scaled)),
        })
    return cases


def correlation_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for name, n, slope, rounded in [("n10", 10, 0.5, False), ("n50", 50, 0.3, False), ("n500", 500, 0.1, False),
                                    ("n60_ties", 60, 0.6, True), ("n8_strong", 8, 5.0, False)]:
        x = rng.normal(size=n)
        y = slope * x + rng.normal(size=n)
        if rounded:
            x, y = np.round(x), np.round(y * 2) / 2
        pearson = stats.pearsonr(x, y)
        interval = pearson.confidence_interval(confidence_level=0.95)
        spearman = stats.spearmanr(x, y)
        rho = float(spearman.statistic)
        half = stats.norm.ppf(0.975) * np.sqrt(1.06 / (n - 3))
        centre = np.arctanh(rho) if abs(rho) < 1 else np.copysign(np.inf, rho)  # |rho| = 1: interval [rho, rho]
        cases.append({
            "name": name, "x": floats(x), "y": floats(y),
            "pearson": float(pearson.statistic), "pearson_p": float(pearson.pvalue),
            "pearson_lower": float(interval.low), "pearson_upper": float(interval.high),
            "spearman": rho, "spearman_p": float(spearman.pvalue),
            "spearman_lower": float(np.tanh(centre - half)),
            "spearman_upper": float(np.tanh(centre + half)),
        })
    return cases


def fisher_cases(rng: np.random.Generator) -> list[dict]:
    tables = [[[8, 2], [1, 5]], [[0, 5], [5, 0]], [[3, 1], [1, 3]], [[10, 20], [30, 40]], [[100, 50], [40, 120]],
              [[0, 0], [3, 4]], [[1, 0], [0, 0]], [[2, 7], [8, 2]], [[500, 480], [470, 520]], [[0, 12], [0, 9]]]
    tables += [rng.integers(0, 40, size=(2, 2)).tolist() for _ in range(10)]
    return [{"table": table, "p_value": float(stats.fisher_exact(table, alternative="two-sided").pvalue)}
            for table in tables]


def proportion_cases() -> list[dict]:
    pairs = [((56, 70), (48, 80)), ((9, 10), (3, 10)), ((0, 25), (4, 25)), ((130, 400), (110, 420)),
             ((5, 5), (5, 5)), ((1, 3), (0, 7))]
    cases = []
    for (s1, n1), (s2, n2) in pairs:
        ci1 = stats.binomtest(s1, n1).proportion_ci(0.95, method="wilson")
        ci2 = stats.binomtest(s2, n2).proportion_ci(0.95, method="wilson")
        p1, p2 = s1 / n1, s2 / n2
        table = np.array([[s1, n1 - s1], [s2, n2 - s2]])
        if (table.sum(axis=0) == 0).any():
            chi_p = 1.0
        else:
            chi_p = float(stats.chi2_contingency(table, correction=False).pvalue)
        cases.append({
            "a": [s1, n1], "b": [s2, n2],
            "a_wilson": [float(ci1.low), float(ci1.high)], "b_wilson": [float(ci2.low), float(ci2.high)],
            "newcombe": [p1 - p2 - float(np.hypot(p1 - ci1.low, ci2.high - p2)),
                         p1 - p2 + float(np.hypot(ci1.high - p1, p2 - ci2.low))],
            "chi_square_p": chi_p,
        })
    return cases


def distribution_cases() -> dict:
    grid = [(0.3, 2.0, 3.0), (0.5, 0.5, 0.5), (0.9, 10.0, 2.0), (0.01, 1.5, 40.0), (0.999, 200.0, 0.5),
            (0.2, 0.1, 0.1), (0.75, 1.0, 1.0), (0.6, 150.0, 150.0)]
    t_grid = [(0.5, 1), (2.1, 3), (-1.3, 8), (4.0, 30), (1.96, 1000), (0.0, 5), (8.0, 2), (12.0, 198)]
    return {
        "incomplete_beta": [{"x": x, "a": a, "b": b, "value": float(scipy.special.betainc(a, b, x))}
                            for x, a, b in grid],
        "student_t_two_sided": [{"t": t, "df": df, "p_value": float(2 * stats.t.sf(abs(t), df))}
                                for t, df in t_grid],
        "normal_quantile": [{"p": p, "value": float(stats.norm.ppf(p))}
                            for p in (0.975, 0.995, 0.5, 0.025, 1e-10, 0.9)],
    }


def quantile_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for name, values, count in [("normal", rng.normal(size=257), 4), ("ties", rng.integers(0, 3, 100), 5),
                                ("uniform", rng.random(1000), 10), ("few", np.array([3.0, 1.0]), 4)]:
        quantiles = np.quantile(values.astype(float), np.arange(1, count) / count)
        cases.append({"name": name, "values": floats(values), "count": count, "edges": floats(np.unique(quantiles))})
    return cases


def main() -> None:
    rng = np.random.default_rng(SEED)
    document = {
        "generator": "scripts/make_metric_fixtures.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "binary": binary_cases(rng),
        "regression": regression_cases(rng),
        "logistic": logistic_cases(rng),
        "ridge": ridge_cases(rng),
        "correlation": correlation_cases(rng),
        "fisher": fisher_cases(rng),
        "proportions": proportion_cases(),
        "distributions": distribution_cases(),
        "quantile_buckets": quantile_cases(rng),
        "clustered_binary": clustered_binary_cases(rng),
        "paired_binary": paired_binary_cases(rng),
    }
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as file:
        json.dump(document, file, separators=(",", ":"))
        file.write("\n")
    print(f"wrote {OUTPUT} ({os.path.getsize(OUTPUT) // 1024} KiB)")


if __name__ == "__main__":
    main()
