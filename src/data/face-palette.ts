/** Colours for the drawn faces. The label names are the MLDS vocabulary; the RGB values are ours. */

export type Rgb = readonly [number, number, number];

export const HAIR_COLOURS: Readonly<Record<string, Rgb>> = {
  aqua: [80, 205, 215],
  black: [38, 34, 46],
  blonde: [248, 222, 128],
  blue: [62, 96, 205],
  brown: [125, 78, 44],
  gray: [152, 152, 160],
  green: [72, 165, 84],
  orange: [246, 142, 52],
  pink: [246, 154, 192],
  purple: [142, 84, 184],
  red: [204, 42, 48],
  white: [240, 240, 246],
};

export const EYE_COLOURS: Readonly<Record<string, Rgb>> = {
  aqua: [60, 200, 212],
  black: [34, 28, 34],
  blue: [52, 92, 222],
  brown: [124, 72, 36],
  green: [52, 162, 72],
  orange: [242, 132, 32],
  pink: [242, 124, 172],
  purple: [142, 72, 192],
  red: [212, 32, 42],
  yellow: [242, 212, 52],
};

export const HAIR_VOCAB = Object.keys(HAIR_COLOURS).sort();
export const EYES_VOCAB = Object.keys(EYE_COLOURS).sort();

export const SCLERA: Rgb = [250, 250, 252];
export const LASH: Rgb = [34, 24, 30];
export const MOUTH: Rgb = [176, 64, 76];
export const BLUSH: Rgb = [242, 136, 146];
