/**
 * The names every part of the program shares: models, losses and backends. They live here, not in
 * the engine, because run.json, events.jsonl and the dashboard speak them too, and the UI and the
 * protocol must not depend on the engine.
 */
export const MODEL_KINDS = ['dcgan', 'acgan', 'acgan-resnet'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const LOSS_KINDS = ['gan', 'wgan-gp'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

export const BACKEND_CHOICES = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
