import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../lib/api';
import type {
  ApplicationActionBody,
  ApplicationDetail,
  ApplicationList,
  ApplicationState,
  CatalogueList,
  CatalogueProduct,
  CouncilPosition,
  Created,
  CreateApplicationBody,
  CreateProducerBody,
  CreateProductBody,
  CreateRoundBody,
  MySheets,
  OfficeProduct,
  Producer,
  RoundDetail,
  RoundList,
  RulesResponse,
  ScoresView,
  ScoreSheetView,
  SheetChoices,
  SheetDetail,
  SheetSummary,
  UpdateApplicationBody,
} from './types';

export const OCOP_API = '/api/v1/ocop';
const enc = encodeURIComponent;
export const applicationUrl = (id: string) => `${OCOP_API}/applications/${enc(id)}`;
export const roundUrl = (id: string) => `${OCOP_API}/rounds/${enc(id)}`;
export const certificatePdfUrl = (id: string) => `${OCOP_API}/certificates/${enc(id)}.pdf`;
export const exportCsvUrl = `${OCOP_API}/export.csv?format=ptnt_ocop`;

const notFound = (count: number, error: Error) =>
  count < 2 && !(error instanceof ApiError && (error.status === 404 || error.status === 403));

export function useRules() {
  return useQuery({
    queryKey: ['ocop', 'rules'],
    queryFn: ({ signal }) => api<RulesResponse>(`${OCOP_API}/rules`, { signal }),
    staleTime: 10 * 60_000,
  });
}

export function useSheets(filters: { set?: string; ruleVersion?: string }, enabled = true) {
  return useQuery({
    queryKey: ['ocop', 'sheets', filters],
    queryFn: ({ signal }) =>
      api<{ items: SheetSummary[] }>(`${OCOP_API}/sheets`, {
        query: { ...filters, state: 'published' },
        signal,
      }),
    enabled: enabled && !!filters.set,
  });
}

export function useSheet(id: string | undefined) {
  return useQuery({
    queryKey: ['ocop', 'sheet', id],
    queryFn: ({ signal }) => api<SheetDetail>(`${OCOP_API}/sheets/${enc(id ?? '')}`, { signal }),
    enabled: !!id,
    staleTime: 10 * 60_000,
  });
}

export function useProducers(enabled = true) {
  return useQuery({
    queryKey: ['ocop', 'producers'],
    queryFn: ({ signal }) =>
      api<{ items: Producer[] }>(`${OCOP_API}/producers`, { query: { pageSize: 100 }, signal }),
    enabled,
  });
}

export function useCreateProducer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProducerBody) =>
      api<Created>(`${OCOP_API}/producers`, { method: 'POST', json: body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['ocop', 'producers'] }),
  });
}

export function useOfficeProducts(enabled = true) {
  return useQuery({
    queryKey: ['ocop', 'products'],
    queryFn: ({ signal }) =>
      api<{ items: OfficeProduct[] }>(`${OCOP_API}/products/office`, {
        query: { pageSize: 100 },
        signal,
      }),
    enabled,
  });
}

export function useCreateProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProductBody) =>
      api<Created>(`${OCOP_API}/products`, { method: 'POST', json: body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['ocop', 'products'] }),
  });
}

/** A file as base64 (no data: prefix), the way the photo route takes it. */
async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

export function useUploadProductPhotos() {
  return useMutation({
    mutationFn: async (input: { productId: string; version: number; files: File[] }) =>
      api<unknown>(`${OCOP_API}/products/office/${enc(input.productId)}/photos`, {
        method: 'POST',
        json: {
          version: input.version,
          photos: await Promise.all(
            input.files.map(async (file) => ({ data: await base64Of(file) })),
          ),
        },
      }),
  });
}

export interface ApplicationFilters {
  state?: ApplicationState;
  /** The commune's GSO code (the server's `commune`; its `unit` takes a unit id). */
  commune?: string;
  round?: string;
}

const APPLICATIONS_KEY = ['ocop', 'applications'] as const;
const applicationKey = (id: string) => ['ocop', 'application', id] as const;

export function useApplications(filters: ApplicationFilters, enabled = true) {
  return useQuery({
    queryKey: [...APPLICATIONS_KEY, filters],
    queryFn: ({ signal }) =>
      api<ApplicationList>(`${OCOP_API}/applications`, {
        query: { ...filters, pageSize: 100 },
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: applicationKey(id),
    queryFn: ({ signal }) => api<ApplicationDetail>(applicationUrl(id), { signal }),
    retry: notFound,
  });
}

function useStoreApplication() {
  const queryClient = useQueryClient();
  return (id: string) => {
    void queryClient.invalidateQueries({ queryKey: applicationKey(id) });
    void queryClient.invalidateQueries({ queryKey: APPLICATIONS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['ocop', 'round'] });
  };
}

function useRefetchApplication(id: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: applicationKey(id) });
}

export function useCreateApplication() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApplicationBody) =>
      api<Created>(`${OCOP_API}/applications`, { method: 'POST', json: body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: APPLICATIONS_KEY }),
  });
}

export function useUpdateApplication(application: ApplicationDetail) {
  const store = useStoreApplication();
  const refetch = useRefetchApplication(application.id);
  return useMutation({
    mutationFn: (body: Omit<UpdateApplicationBody, 'version'>) =>
      api<ApplicationDetail>(applicationUrl(application.id), {
        method: 'PATCH',
        json: { ...body, version: application.version },
      }),
    onSettled: () => store(application.id),
    onError: refetch,
  });
}

export function useApplicationAction(application: ApplicationDetail) {
  const store = useStoreApplication();
  const refetch = useRefetchApplication(application.id);
  return useMutation({
    mutationFn: (body: Omit<ApplicationActionBody, 'version'> & { version?: number }) =>
      api<unknown>(`${applicationUrl(application.id)}/actions`, {
        method: 'POST',
        json: { version: application.version, ...body },
      }),
    onSettled: () => store(application.id),
    onError: refetch,
  });
}

export function useRounds(enabled = true) {
  return useQuery({
    queryKey: ['ocop', 'rounds'],
    queryFn: ({ signal }) => api<RoundList>(`${OCOP_API}/rounds`, { signal }),
    enabled,
  });
}

export function useRound(id: string) {
  return useQuery({
    queryKey: ['ocop', 'round', id],
    queryFn: ({ signal }) => api<RoundDetail>(roundUrl(id), { signal }),
    retry: notFound,
  });
}

export function useCreateRound() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRoundBody) =>
      api<Created>(`${OCOP_API}/rounds`, { method: 'POST', json: body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['ocop', 'rounds'] }),
  });
}

function useRoundMutation<T>(roundId: string, run: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['ocop', 'round', roundId] });
      void queryClient.invalidateQueries({ queryKey: APPLICATIONS_KEY });
    },
  });
}

export function useSetCouncil(round: RoundDetail) {
  return useRoundMutation(round.id, (members: { userId: string; position: CouncilPosition }[]) =>
    api<RoundDetail>(`${roundUrl(round.id)}/council`, {
      method: 'PUT',
      json: { members, version: round.version },
    }),
  );
}

export function useDeclareConflict(round: RoundDetail) {
  return useRoundMutation(
    round.id,
    (body: { userId: string; applicationId: string; reason: string }) =>
      api<unknown>(`${roundUrl(round.id)}/conflicts`, { method: 'POST', json: body }),
  );
}

export function useTakeApplications(round: RoundDetail) {
  return useRoundMutation(round.id, (applicationIds: string[]) =>
    api<unknown>(`${roundUrl(round.id)}/applications`, {
      method: 'POST',
      json: { applicationIds, version: round.version },
    }),
  );
}

export function useMySheets(roundId: string, enabled = true) {
  return useQuery({
    queryKey: ['ocop', 'my-sheets', roundId],
    queryFn: ({ signal }) => api<MySheets>(`${roundUrl(roundId)}/my-sheets`, { signal }),
    enabled,
  });
}

const scoreSheetKey = (id: string) => ['ocop', 'score-sheet', id] as const;

export function useScoreSheet(applicationId: string) {
  return useQuery({
    queryKey: scoreSheetKey(applicationId),
    queryFn: ({ signal }) =>
      api<ScoreSheetView>(`${applicationUrl(applicationId)}/score-sheet`, { signal }),
    retry: notFound,
  });
}

export function useSaveScoreSheet(applicationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      choices: SheetChoices;
      comment: string | null;
      version: number;
      submit: boolean;
    }) => {
      let saved = await api<ScoreSheetView>(`${applicationUrl(applicationId)}/score-sheet`, {
        method: 'PUT',
        json: { choices: input.choices, comment: input.comment, version: input.version },
      });
      if (input.submit) {
        saved = await api<ScoreSheetView>(`${applicationUrl(applicationId)}/score-sheet/submit`, {
          method: 'POST',
          json: { version: saved.version },
        });
      }
      return saved;
    },
    onSuccess: (saved) => queryClient.setQueryData(scoreSheetKey(applicationId), saved),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: scoreSheetKey(applicationId) });
      void queryClient.invalidateQueries({ queryKey: ['ocop', 'my-sheets'] });
      void queryClient.invalidateQueries({ queryKey: ['ocop', 'scores', applicationId] });
    },
  });
}

/** Every member's totals: null when the server does not show them (yet) to the reader. */
export function useScores(applicationId: string, enabled = true) {
  return useQuery({
    queryKey: ['ocop', 'scores', applicationId],
    queryFn: async ({ signal }) => {
      try {
        return await api<ScoresView>(`${applicationUrl(applicationId)}/scores`, { signal });
      } catch (error) {
        if (error instanceof ApiError && (error.status === 403 || error.status === 409)) {
          return null;
        }
        throw error;
      }
    },
    enabled,
  });
}

function useApplicationMutation<T>(applicationId: string, run: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['ocop'] });
      void queryClient.invalidateQueries({ queryKey: applicationKey(applicationId) });
    },
  });
}

export function useRecordDiscussion(applicationId: string) {
  return useApplicationMutation(applicationId, (minutes: string) =>
    api<unknown>(`${applicationUrl(applicationId)}/discussion`, {
      method: 'POST',
      json: { minutes },
    }),
  );
}

export interface DecisionBody {
  decisionNumber: string;
  decidedOn: string;
  signer: string;
  stars: number;
  version: number;
}

export function useDecide(applicationId: string) {
  return useApplicationMutation(applicationId, (body: DecisionBody) =>
    api<ApplicationDetail>(`${applicationUrl(applicationId)}/decision`, {
      method: 'POST',
      json: body,
    }),
  );
}

export interface CatalogueFilters {
  q?: string;
  province?: string;
  set?: string;
  stars?: number;
  page?: number;
}

export function useCatalogue(filters: CatalogueFilters) {
  return useQuery({
    queryKey: ['ocop', 'catalogue', filters],
    queryFn: ({ signal }) =>
      api<CatalogueList>(`${OCOP_API}/products`, {
        query: { ...filters },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useCatalogueProduct(code: string) {
  return useQuery({
    queryKey: ['ocop', 'catalogue-product', code],
    queryFn: ({ signal }) => api<CatalogueProduct>(`${OCOP_API}/products/${enc(code)}`, { signal }),
    retry: notFound,
  });
}

export function useOfficeProduct(id: string | null) {
  return useQuery({
    queryKey: ['ocop', 'product', id],
    queryFn: ({ signal }) =>
      api<OfficeProduct>(`${OCOP_API}/products/office/${enc(id ?? '')}`, { signal }),
    enabled: !!id,
    retry: notFound,
  });
}

/** The published sheet that scores a set under a rule version (the newest version of it). */
export function usePublishedSheet(setCode: string | undefined, ruleVersion: string | undefined) {
  const list = useSheets({ set: setCode, ruleVersion }, !!setCode && !!ruleVersion);
  const newest = [...(list.data?.items ?? [])]
    .filter((item) => item.state === 'published')
    .sort((a, b) => b.version - a.version)[0];
  const sheet = useSheet(newest?.id);
  return { list, sheet, none: list.isSuccess && !newest };
}

export interface UserOption {
  id: string;
  username: string;
  displayName: string;
}

/** Accounts to pick as council members (the server's accent-insensitive user search). */
export function useUserSearch(q: string) {
  return useQuery({
    queryKey: ['ocop', 'users', q],
    queryFn: ({ signal }) =>
      api<{ items: UserOption[] }>('/api/v1/users', { query: { q, pageSize: 20 }, signal }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}
