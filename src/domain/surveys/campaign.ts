import type { CampaignState } from './types';

/** What may be done with a campaign in each state (the service adds the facts: roll, dates…). */
export const CAMPAIGN_ACTIONS = ['open', 'close', 'tally', 'post', 'report', 'void'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

const allowedFrom: Record<CampaignAction, readonly CampaignState[]> = {
  open: ['planned'],
  close: ['open'],
  tally: ['closed', 'tallied'],
  post: ['tallied'],
  report: ['posted'],
  void: ['planned', 'open', 'closed', 'tallied', 'posted'],
};

const stateAfter: Record<CampaignAction, CampaignState> = {
  open: 'open',
  close: 'closed',
  tally: 'tallied',
  post: 'posted',
  report: 'reported',
  void: 'void',
};

/** The state an action leads to, or null when the action is not allowed from `state`. */
export function campaignStateAfter(
  state: CampaignState,
  action: CampaignAction,
): CampaignState | null {
  return allowedFrom[action].includes(state) ? stateAfter[action] : null;
}

/** The actions allowed from a state, in their order. */
export function campaignActionsFrom(state: CampaignState): CampaignAction[] {
  return CAMPAIGN_ACTIONS.filter((action) => allowedFrom[action].includes(state));
}

/** Whether answers are accepted: the campaign is open and `today` is within its dates. */
export function acceptsAnswers(
  campaign: { state: CampaignState; opensOn: string; closesOn: string },
  today: string,
): 'yes' | 'not_open' | 'closed' {
  if (campaign.state === 'planned' || today < campaign.opensOn) return 'not_open';
  if (campaign.state !== 'open' || today > campaign.closesOn) return 'closed';
  return 'yes';
}
