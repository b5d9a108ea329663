/** Indicator values as people type them, and checks the entry form and importers share. */
export { parseVietnameseNumber, formatVietnameseNumber } from './number';
export type { NumberParse } from './number';
export { foldWord, readValueText, readYesNo, yesNoWords } from './valueText';
export type { ValueTextReading } from './valueText';
export { isFarFromPrevious, DEFAULT_FAR_CHANGE } from './change';
export type { FarChangeLimits } from './change';
export { syntheticValues, seededRandom } from './synthetic';
export type { SyntheticOptions } from './synthetic';
