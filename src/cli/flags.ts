/** Every flag the program knows, in meow's format. Which command takes which is in COMMAND_FLAGS. */
export const FLAGS = {
  // training
  data: { type: 'string' },
  model: { type: 'string' },
  width: { type: 'number' },
  batch: { type: 'number' },
  steps: { type: 'number' },
  epochs: { type: 'number' },
  lambda: { type: 'number' },
  loss: { type: 'string' },
  lr: { type: 'number' },
  lrG: { type: 'number' },
  lrD: { type: 'number' },
  emaBeta: { type: 'number' },
  diffAugment: { type: 'string' },
  diffAugmentP: { type: 'string' },
  reuseFake: { type: 'boolean' },
  seed: { type: 'number' },
  run: { type: 'string' },
  resume: { type: 'boolean' },
  json: { type: 'boolean' },
  plain: { type: 'boolean' },
  backend: { type: 'string' },
  preview: { type: 'string' },
  sampleEvery: { type: 'number' },
  augment: { type: 'boolean' },
  skipBad: { type: 'boolean' },
  keep: { type: 'number' },
  detach: { type: 'boolean' },
  checkpointEvery: { type: 'number' },
  quality: { type: 'boolean' },
  // generation
  hair: { type: 'string' },
  eyes: { type: 'string' },
  count: { type: 'number' },
  outDir: { type: 'string' },
  out: { type: 'string' },
  checkpoint: { type: 'string' },
  truncation: { type: 'number' },
  raw: { type: 'boolean' },
  // eval
  pairs: { type: 'string' },
  faces: { type: 'string' },
  retrainJudge: { type: 'boolean' },
  // the report's spelling: --mode train|infer
  mode: { type: 'string' },
  help: { type: 'boolean', shortFlag: 'h' },
  version: { type: 'boolean' },
} as const;

export type FlagName = keyof typeof FLAGS;

const COMMON: FlagName[] = ['help', 'version', 'mode', 'backend', 'json', 'plain'];

export const COMMAND_FLAGS: Record<'train' | 'generate' | 'eval' | 'watch' | 'runs' | 'export' | 'config' | 'doctor', FlagName[]> = {
  train: [
    ...COMMON,
    'data', 'model', 'width', 'batch', 'steps', 'epochs', 'lambda', 'loss', 'lr', 'lrG', 'lrD', 'seed', 'run', 'resume',
    'preview', 'sampleEvery', 'augment', 'skipBad', 'keep', 'detach', 'checkpointEvery', 'quality',
    'emaBeta', 'diffAugment', 'diffAugmentP', 'reuseFake',
  ],
  generate: [...COMMON, 'run', 'hair', 'eyes', 'count', 'seed', 'outDir', 'out', 'checkpoint', 'truncation', 'preview', 'raw'],
  eval: [...COMMON, 'run', 'checkpoint', 'pairs', 'count', 'seed', 'faces', 'data', 'retrainJudge', 'raw'],
  watch: [...COMMON, 'preview'],
  runs: [...COMMON],
  export: [...COMMON, 'out'],
  config: [...COMMON],
  doctor: [...COMMON, 'preview'],
};

export const HELP = `
  Usage
    $ anime-gan-tui [train] [flags]     train a GAN; a live dashboard on a terminal, one line per event otherwise
    $ anime-gan-tui generate [flags]    draw faces from a trained run
    $ anime-gan-tui eval [flags]        how good a generator's faces are, by the project's judge network
    $ anime-gan-tui watch [RUN]         the dashboard for a run started elsewhere (default: the newest)
    $ anime-gan-tui runs [DIR]          every run you started (under checkpoints/ or elsewhere), or those in DIR: state, model, epoch, last losses, age
    $ anime-gan-tui export [RUN] [--out DIR]   a run as metrics.csv, samples.gif, contact-sheet.png and TensorBoard files (default: the newest, into RUN/export/)
    $ anime-gan-tui config [set KEY VALUE | reset]   show or change saved preferences
    $ anime-gan-tui doctor              which compute backends load here (and how to fix the others),
                                        and what images this terminal shows faces with

  Training
    --data DIR         a folder of images (any size, jpg/png/webp/gif…, read one subfolder deep; dcgan only),
                       or one with tags.csv ('<id>,<value> <attr> <value> <attr>' lines, e.g. '12,blue hair red eyes')
                       and images/<id>.jpg (any model); else ANIME_GAN_DATA, the saved one, data/extra_data, or drawn faces
    --model M          dcgan | acgan | acgan-resnet | acgan-split | projection
                       acgan-split: a realism D and a separate hair/eye classifier network;
                       projection: the classes projected into D (hinge loss, no classifier, no λ)
    --width X          channel multiplier (1 = the channel counts of the MLDS 2018 course report this
                       project follows, "the report" below)
    --batch N          batch size (default 64)
    --steps N | --epochs N   where to stop, counted from the run's start (default 100 epochs)
    --lambda X         class-loss weight (default 5 for acgan-resnet, 1 for acgan and acgan-split)
    --loss L           gan | wgan-gp (projection always trains with the hinge loss)
    --lr X             one learning rate for both networks (default: two, G 1e-4 and D 4e-4)
    --lr-g X --lr-d X  G's and D's own learning rates (D's also acgan-split's classifier's)
    --ema-beta X       an average of G's weights (β; warm-up over the first steps) draws the samples, the
                       judge's faces, generate and eval; 0 = off, the raw G draws (default 0.99)
    --diff-augment L   translation,cutout,colour (any of them) on every image D sees, real and generated, so G
                       learns through them; colour never reaches the class loss, nor projection (default none)
    --diff-augment-p P each op's probability per image (default 1), or 'ada': adapted to D's outputs on real faces
    --reuse-fake       G's batch of the D phase serves the G phase too: one G forward a step, not two
    --seed N           seeds init, shuffling, augmentation and noise (default 1)
    --run DIR          run folder (default checkpoints/<date>-<time>-<model>)
    --resume           continue the run in --run DIR from its newest checkpoint
    --backend B        auto | tensorflow-gpu | webgpu | tensorflow | wasm | cpu
    --json | --plain   machine-readable JSON lines, or readable lines (the default when not on a terminal)
    --preview P        auto | kitty | sixel | iterm | blocks | off (face previews: images where the
                       terminal shows them, half-blocks elsewhere; 'doctor' says what was found)
    --sample-every N   refresh the sample grid every N steps (default 50)
    --no-augment       no flips or rotations of real faces
    --skip-bad         skip malformed tags.csv lines, ids without images, and any number of unreadable images
                       (without it a few unreadable images, up to 5%, are skipped with a warning)
    --keep N           newest checkpoints to keep (default 3; every 10th epoch is always kept)
    --checkpoint-every N   also checkpoint every N steps (default: at each epoch end only)
    --no-quality       no judging of the faces at epoch ends (no quality panel, no best/ checkpoint)
    --detach           train in the background, outliving the terminal; watch with 'anime-gan-tui watch'

  Generating
    --run DIR          the run (default: the newest under checkpoints/; with none, the shipped model)
    --checkpoint PATH  a particular checkpoint folder (default: the run's newest); 'best': the run's best by the judge; 'shipped': the model that comes with anime-gan-tui
    --hair V --eyes V  values of the run's first and second attribute (hair and eye colours for MLDS;
                       conditional runs); leave one out for a random value per face
    --count N --seed N how many faces, and the seed that makes them repeatable
    --out-dir DIR      one PNG per face (0000.png …) and labels.json
    --out FILE         one grid PNG instead
    --truncation X     scale of the noise (default 1; smaller = plainer, safer faces)
    --raw              draw with G's own weights, not the run's average of them (runs with --ema-beta)
    On a terminal without --out or --out-dir: the interactive generate view (pick colours with
    the arrows, r new faces, s save; ? lists the keys); colours picked there are remembered.

  Judging (eval)
    --run DIR | --checkpoint PATH   the generator, as for generate ('best': the run's best by the judge)
    --faces DIR        judge PNGs instead: one folder per pair (aqua-orange/0000.png …), or images directly for DCGAN
    --pairs LIST       hair/eyes pairs (default the report's six: aqua/orange,black/yellow,blonde/purple,blue/blue,white/red,pink/orange)
    --count N          faces per pair (default 25; DCGAN: 6 × N in all) · --seed N (default 1)
    --data DIR         the real faces to compare with (default: the run's own data; 'drawn': the built-in drawn faces)
    --retrain-judge    train the judge again instead of using the cached one
    --raw              judge G's own weights, not the run's average of them
    Prints per pair the judge's hair/eye accuracy (beside its accuracy on real faces), diversity
    (generated ÷ real spread: 1 = as varied as real faces) and the Fréchet distance with its real floor.

  Exporting
    RUN                a run folder, or the name of a run in checkpoints/
    --out DIR          where to write metrics.csv, samples.gif, contact-sheet.png and tensorboard/ (default RUN/export/)
    --json             print what was written as one JSON object

  The report's spellings work too: --mode train, --mode infer (= generate).
`;
