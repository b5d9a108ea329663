import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, toApiError } from '../../lib/api';
import { currentLanguage, i18n } from '../../i18n';
import { uploadWithProgress } from '../../lib/upload';
import type {
  AddHouseholdsBody,
  CampaignAction,
  CampaignDetail,
  CampaignList,
  CampaignState,
  CreateCampaignBody,
  GuidanceResponse,
  HouseholdList,
  OfficerAnswerBody,
  Receipt,
  RollImportResponse,
  TallyResponse,
} from './types';

export const SURVEYS_API = '/api/v1/surveys';
export const campaignUrl = (id: string) => `${SURVEYS_API}/campaigns/${encodeURIComponent(id)}`;
export const rollTemplateUrl = (id: string) => `${campaignUrl(id)}/roll-template.xlsx`;
export const resultPdfUrl = (id: string, village?: string) =>
  `${campaignUrl(id)}/result.pdf${village ? `?village=${encodeURIComponent(village)}` : ''}`;

const CAMPAIGNS_KEY = ['surveys', 'campaigns'] as const;
const campaignKey = (id: string) => ['surveys', 'campaign', id] as const;
const householdsKey = (id: string) => ['surveys', 'households', id] as const;
const tallyKey = (id: string) => ['surveys', 'tally', id] as const;

export function useGuidance() {
  return useQuery({
    queryKey: ['surveys', 'guidance'],
    queryFn: ({ signal }) => api<GuidanceResponse>(`${SURVEYS_API}/guidance`, { signal }),
    staleTime: 10 * 60_000,
  });
}

export interface CampaignFilters {
  state?: CampaignState;
  unit?: number;
  page?: number;
}

export function useCampaigns(filters: CampaignFilters) {
  return useQuery({
    queryKey: [...CAMPAIGNS_KEY, filters],
    queryFn: ({ signal }) =>
      api<CampaignList>(`${SURVEYS_API}/campaigns`, {
        query: { ...filters, pageSize: 50 },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKey(id),
    queryFn: ({ signal }) => api<CampaignDetail>(campaignUrl(id), { signal }),
    retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status === 404),
  });
}

/** After a change: the campaign's new state at once; its lists and tally asked again. */
function useStoreCampaign() {
  const queryClient = useQueryClient();
  return (campaign: CampaignDetail) => {
    queryClient.setQueryData(campaignKey(campaign.id), campaign);
    void queryClient.invalidateQueries({ queryKey: CAMPAIGNS_KEY });
    void queryClient.invalidateQueries({ queryKey: householdsKey(campaign.id) });
    void queryClient.invalidateQueries({ queryKey: tallyKey(campaign.id) });
  };
}

/** The campaign as it is now, when a 409 sends it (`current`). */
export function conflictCampaign(error: unknown): CampaignDetail | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const body = error.body as { current?: unknown; error?: { current?: unknown } } | undefined;
  const current = body?.current ?? body?.error?.current ?? error.params.current;
  if (current && typeof current === 'object' && 'id' in current && 'version' in current) {
    return current as CampaignDetail;
  }
  return null;
}

/** After a refusal: the campaign sent with a 409, or asked again. */
function useRecover(id: string) {
  const queryClient = useQueryClient();
  const store = useStoreCampaign();
  return (error: unknown) => {
    const current = conflictCampaign(error);
    if (current) store(current);
    else void queryClient.invalidateQueries({ queryKey: campaignKey(id) });
  };
}

export function useCreateCampaign() {
  const store = useStoreCampaign();
  return useMutation({
    mutationFn: (body: CreateCampaignBody) =>
      api<CampaignDetail>(`${SURVEYS_API}/campaigns`, { method: 'POST', json: body }),
    onSuccess: store,
  });
}

export function useCampaignAction(campaign: CampaignDetail) {
  const store = useStoreCampaign();
  const recover = useRecover(campaign.id);
  return useMutation({
    mutationFn: (input: { type: CampaignAction; reason?: string; dossierVersion?: number }) =>
      api<CampaignDetail>(`${campaignUrl(campaign.id)}/actions`, {
        method: 'POST',
        json: { ...input, version: campaign.version },
      }),
    onSuccess: store,
    onError: recover,
  });
}

export interface HouseholdFilters {
  village?: string;
  q?: string;
  answered?: 'yes' | 'no';
  page?: number;
  pageSize?: number;
}

export function useHouseholds(id: string, filters: HouseholdFilters, enabled = true) {
  return useQuery({
    queryKey: [...householdsKey(id), filters],
    queryFn: ({ signal }) =>
      api<HouseholdList>(`${campaignUrl(id)}/households`, {
        query: { pageSize: 20, ...filters },
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAddHouseholds(campaign: CampaignDetail) {
  const store = useStoreCampaign();
  const recover = useRecover(campaign.id);
  return useMutation({
    mutationFn: (households: AddHouseholdsBody['households']) =>
      api<CampaignDetail>(`${campaignUrl(campaign.id)}/households`, {
        method: 'POST',
        json: { version: campaign.version, households },
      }),
    onSuccess: store,
    onError: recover,
  });
}

export function useRemoveHousehold(campaign: CampaignDetail) {
  const queryClient = useQueryClient();
  const recover = useRecover(campaign.id);
  return useMutation({
    mutationFn: (householdId: number) =>
      api<unknown>(`${campaignUrl(campaign.id)}/households/${householdId}`, {
        method: 'DELETE',
        query: { version: campaign.version },
        acceptStatuses: [204],
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: campaignKey(campaign.id) });
      void queryClient.invalidateQueries({ queryKey: householdsKey(campaign.id) });
    },
    onError: recover,
  });
}

/** Replaces the roll with an Excel file (all rows or none). */
export function useImportRoll(campaign: CampaignDetail) {
  const store = useStoreCampaign();
  const recover = useRecover(campaign.id);
  return useMutation({
    mutationFn: async (input: { file: File; signal: AbortSignal }) => {
      const { status, body } = await uploadWithProgress(
        `${campaignUrl(campaign.id)}/roll?version=${campaign.version}`,
        input.file,
        { signal: input.signal },
      );
      if (status >= 200 && status < 300 && body !== undefined) return body as RollImportResponse;
      throw toApiError(status, body);
    },
    onSuccess: (result) => store(result.campaign),
    onError: recover,
  });
}

/** The slips with QR codes, as a PDF (the codes exist only in it). */
export function useIssueCodes(campaign: CampaignDetail) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { village?: string; reissue: boolean }): Promise<Blob> => {
      let response: Response;
      try {
        response = await fetch(`${campaignUrl(campaign.id)}/codes`, {
          method: 'POST',
          headers: {
            Accept: 'application/pdf, application/json',
            'Accept-Language': currentLanguage(),
            'Content-Type': 'application/json',
          },
          credentials: 'same-origin',
          body: JSON.stringify(input),
        });
      } catch {
        throw new ApiError(0, 'NETWORK_ERROR', i18n.t('errors.network'));
      }
      if (!response.ok) {
        let body: unknown;
        try {
          body = await response.json();
        } catch {
          body = undefined;
        }
        throw toApiError(response.status, body);
      }
      return response.blob();
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: campaignKey(campaign.id) });
      void queryClient.invalidateQueries({ queryKey: householdsKey(campaign.id) });
    },
  });
}

export function useSubmitAnswer(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OfficerAnswerBody) =>
      api<Receipt>(`${campaignUrl(campaignId)}/answers`, { method: 'POST', json: body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: campaignKey(campaignId) });
      void queryClient.invalidateQueries({ queryKey: householdsKey(campaignId) });
      void queryClient.invalidateQueries({ queryKey: tallyKey(campaignId) });
    },
  });
}

/** The tally: live (every 10 s) while the campaign is open. */
export function useTally(id: string, live: boolean) {
  return useQuery({
    queryKey: tallyKey(id),
    queryFn: ({ signal }) => api<TallyResponse>(`${campaignUrl(id)}/tally`, { signal }),
    refetchInterval: live ? 10_000 : false,
  });
}
