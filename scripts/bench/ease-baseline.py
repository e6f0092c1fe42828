"""The strong linear item-item baseline of the Last.fm bar: EASE (Steck 2019), exact, on a split that
`npm run evaluate -- ... --write-split split.json` wrote, under the same full-ranking protocol (every item outside
the user's training history is a candidate; ties count half). Research tooling, not part of the service: it needs
python3 with numpy, and several GB of memory for the Gram matrix.

    python3 scripts/bench/ease-baseline.py split.json [--min-users 2] [--lambdas 100,200]

Prints ItemPop (which must equal the ItemPop row of `npm run evaluate` on the same split) and EASE per L2 lambda,
over the items with at least --min-users training users (the others score below every kept item).
"""

import argparse
import json
import time

import numpy as np


def full_ranking(scores, history, users, targets):
    """HR@10, NDCG@10 and Recall@20 of each user's held-out item among the items outside their history."""
    scores = np.where(history, -np.inf, scores[users])
    target = scores[np.arange(len(users)), targets][:, None]
    rank = (scores > target).sum(1) + 0.5 * ((scores == target).sum(1) - 1)
    hit10 = rank < 10
    return {
        "full_hr@10": hit10.mean(),
        "full_ndcg@10": np.where(hit10, 1 / np.log2(rank + 2), 0).mean(),
        "recall@20": (rank < 20).mean(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("split")
    parser.add_argument("--min-users", type=int, default=2)
    parser.add_argument("--lambdas", default="100,200")
    args = parser.parse_args()
    with open(args.split) as f:
        split = json.load(f)
    n_users, n_items = split["num_users"], split["num_items"]
    train = np.zeros((n_users, n_items), dtype=np.float32)
    train[split["positive_user"], split["positive_item"]] = 1
    history = np.zeros((n_users, n_items), dtype=bool)
    history[split["history_user"], split["history_item"]] = True
    test = np.array(split["test_item"])
    users = np.where(test >= 0)[0]
    history, targets = history[users], test[users]
    popularity = train.sum(0)

    rows = [("ItemPop", full_ranking(np.broadcast_to(popularity, train.shape), history, users, targets), "")]
    kept = np.where(popularity >= args.min_users)[0]
    gram = (train[:, kept].T @ train[:, kept]).astype(np.float64)
    for lam in (float(x) for x in args.lambdas.split(",")):
        started = time.time()
        inverse = np.linalg.inv(gram + lam * np.eye(len(kept)))
        weights = inverse / -np.diag(inverse)
        np.fill_diagonal(weights, 0)
        scores = np.tile(popularity.astype(np.float64) - 1e9, (n_users, 1))
        scores[:, kept] = train[:, kept] @ weights
        rows.append((f"EASE lambda {lam:g}", full_ranking(scores, history, users, targets), f"{time.time() - started:.0f}"))

    print(f"{split['strategy']} split (seed {split['seed']}): {len(users)} users, {len(kept)} of {n_items} items with >= {args.min_users} training users")
    print(f"{'':<18}{'full_hr@10':>12}{'full_ndcg@10':>14}{'recall@20':>11}{'seconds':>9}")
    for name, metrics, seconds in rows:
        print(f"{name:<18}{metrics['full_hr@10']:>12.4f}{metrics['full_ndcg@10']:>14.4f}{metrics['recall@20']:>11.4f}{seconds:>9}")


if __name__ == "__main__":
    main()
