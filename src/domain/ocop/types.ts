/**
 * OCOP (Chương trình Mỗi xã một sản phẩm): the evaluation and ranking of local products on 100
 * points into 1–5 stars. Pure types: the rule versions (148/2023, 1489/2025, 26/2026), the product
 * catalogue, the score sheets, a member's sheet, the council's result. Facts:
 * shared/reference/procedures.md §3 (it stands where domain-facts.md §5 differs).
 */

/** A star level, 1–5. */
export type Stars = 1 | 2 | 3 | 4 | 5;

/** The three parts of every sheet: A 40, B 25, C 35 (148/2023 and 26/2026). */
export const SHEET_PARTS = ['A', 'B', 'C'] as const;
export type SheetPart = (typeof SHEET_PARTS)[number];

/** One star band: points in [min, max) give `stars`; `max: null` is open above (half-open bands). */
export interface StarBand {
  stars: Stars;
  min: number;
  max: number | null;
}

/** The levels of government that take part in a round. */
export type OcopLevel = 'commune' | 'district' | 'province' | 'central';

/** Who recognises which stars under a rule version (148: district 3★, province 4★, centre 5★). */
export interface Recognition {
  level: OcopLevel;
  stars: Stars[];
}

/** A cut-off date of a round, as day and month (e.g. 30/06). */
export interface RoundCutoff {
  level: OcopLevel;
  day: number;
  month: number;
}

/** Node of the product catalogue: sector (ngành) → group (nhóm) → set (bộ sản phẩm). */
export interface CatalogueSet {
  code: string;
  name: string;
  /** Whether samples are part of the dossier (not for tourism services under 26/2026). */
  samplesRequired: boolean;
}
export interface CatalogueGroup {
  code: string;
  name: string;
  sets: CatalogueSet[];
}
export interface CatalogueSector {
  code: string;
  name: string;
  groups: CatalogueGroup[];
}

/** A reason a certificate is revoked (thu hồi), with whether the reference has confirmed it. */
export interface RevocationReason {
  code: string;
  label: string;
  verified: boolean;
}

/** The criteria a commune pre-assesses under 1489/2025 (a report of four criteria). */
export interface PreassessmentCriterion {
  code: string;
  label: string;
}

/**
 * A rule version: which decision, when it applies, the catalogue, the bands, who recognises what,
 * the rounds. Data (data/ocop/rules/*.yaml) an administrator can add to, never code.
 */
export interface OcopRuleVersion {
  code: string;
  name: string;
  decision: string;
  issuedOn: string;
  validFrom: string;
  /** Exclusive: the day the next version applies (null while in force). */
  validTo: string | null;
  /** Whether the whole version is confirmed against the official text. */
  verified: boolean;
  source: string;
  partPoints: Record<SheetPart, number>;
  starBands: StarBand[];
  /**
   * The least stars a certificate may carry (3 under 26/2026; 3 in practice under 148, where the
   * district recognised 3★ and nothing below).
   */
  minimumCertifiedStars: Stars;
  recognitions: Recognition[];
  /** Points from which a product goes to the ministry (≥ 90 under 1489), or null. */
  centralThreshold: number | null;
  /** Whether the commune pre-assesses and forwards (1489), instead of a district council. */
  communePreassessment: boolean;
  preassessmentCriteria: PreassessmentCriterion[];
  /** The kinds of application (Mẫu 02): first time, upgrade, re-ranking. */
  applicationKinds: ApplicationKind[];
  certificateMonths: number;
  /** Months before expiry at which the producer and the office are alerted. */
  expiryAlertMonths: number[];
  roundCutoffs: RoundCutoff[];
  /** The largest gap between members' totals before the council must discuss and re-score. */
  councilMaxGap: number;
  /**
   * How members' choices meet a star's required options: every member chose a qualifying option
   * (`all`) or more than half did (`majority`). The reference is silent: data, `verified: false`.
   */
  requirementsMetBy: 'all' | 'majority';
  /** Whether the catalogue lists every set of the decision (false: partial, an administrator adds). */
  catalogueComplete: boolean;
  revocationReasons: RevocationReason[];
  catalogue: CatalogueSector[];
  /**
   * The fields whose values are not confirmed against the official text, though the version as a
   * whole may be partly confirmed: the product shows "chưa xác minh" beside each. Absent: none.
   */
  unverified?: RuleVersionField[];
}

/** A field of a rule version that can be marked unconfirmed. */
export type RuleVersionField = Exclude<keyof OcopRuleVersion, 'unverified'>;

export const APPLICATION_KINDS = ['first', 'upgrade', 'rerank'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

/** One option of a leaf criterion: fixed points; it may be required for a star or disqualify. */
export interface SheetOption {
  code: string;
  label: string;
  points: number;
  /** Choosing it rules the product out of ranking (the 2026 sheets appear to have these). */
  disqualifies?: boolean;
}

/** A leaf criterion: one option is chosen. `requiredFor`: star levels that need one of `options`. */
export interface SheetCriterion {
  code: string;
  label: string;
  /** The largest points of its options (the criterion's weight in its section). */
  points: number;
  options: SheetOption[];
  /**
   * Minimum criteria per star (781/2020 onwards): to reach `stars`, the chosen option must be one
   * of `options` (codes), whatever the points.
   */
  requirements?: { stars: Stars; options: string[] }[];
}

export interface SheetSection {
  code: string;
  label: string;
  points: number;
  criteria: SheetCriterion[];
}

export interface SheetPartNode {
  part: SheetPart;
  label: string;
  points: number;
  sections: SheetSection[];
}

/** A score sheet for one product set under one rule version, versioned; immutable once published. */
export interface ScoreSheet {
  code: string;
  version: number;
  ruleVersion: string;
  /** The catalogue set (bộ sản phẩm) it scores. */
  setCode: string;
  name: string;
  /** False while its points are not confirmed against the official annex. */
  verified: boolean;
  source: string;
  parts: SheetPartNode[];
}

/** A member's choices: criterion code → option code. */
export type SheetChoices = Record<string, string>;

/** A scored sheet: the total and the points of each part, and what it misses. */
export interface SheetScore {
  total: number;
  parts: Record<SheetPart, number>;
  /** Criteria with no option chosen. */
  missing: string[];
  /** Options chosen that disqualify. */
  disqualifying: string[];
}

/** The council's verdict on one product in a round. */
export interface CouncilResult {
  /** Mean of members' totals (two decimals, cut not rounded). */
  score: number;
  /** Largest minus smallest member total. */
  gap: number;
  /** True when the gap is above the limit: the council discusses and re-scores. */
  rescoreNeeded: boolean;
  /** Stars by points alone. */
  starsByPoints: Stars;
  /** Stars after the required options (each star level's minimum criteria) and disqualification. */
  stars: Stars | null;
  /** Why the stars are lower than the points give: star → criteria whose requirement fails. */
  heldBack: { stars: Stars; criteria: string[] }[];
  disqualified: boolean;
  /** Whether the points reach the centre (≥ 90 under 1489/2026). */
  toCentral: boolean;
}
