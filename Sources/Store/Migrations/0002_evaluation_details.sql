-- Evaluations know their task kind; predictions keep the series-ablation output beside the real one.
ALTER TABLE evaluations ADD COLUMN task_kind TEXT CHECK (task_kind IN ('binary', 'regression'));
ALTER TABLE predictions ADD COLUMN ablated_prediction REAL;
