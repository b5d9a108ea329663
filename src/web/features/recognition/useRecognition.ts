import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toApiError } from '../../lib/api';
import { uploadWithProgress } from '../../lib/upload';
import { conflictCurrent } from './errors';
import type {
  CommentView,
  DossierDetail,
  DossierListResponse,
  DossierKind,
  DossierPurpose,
  DossierStatus,
  PublicDossierView,
  RecognitionsResponse,
  TemplatesResponse,
} from './types';
import { INBOX_KEY } from './useInboxCount';

export const dossierUrl = (id: string) => `/api/v1/dossiers/${encodeURIComponent(id)}`;
export const documentUrl = (dossier: string, document: string) =>
  `${dossierUrl(dossier)}/documents/${encodeURIComponent(document)}`;
export const frozenEvidenceUrl = (dossier: string, evidence: string | number) =>
  `${dossierUrl(dossier)}/evidence/${encodeURIComponent(String(evidence))}`;

const DOSSIERS_KEY = ['recognition', 'dossiers'] as const;
const dossierKey = (id: string) => ['recognition', 'dossier', id] as const;

export interface DossierFilters {
  status?: DossierStatus;
  purpose?: DossierPurpose;
  year?: number;
  province?: string;
  unit?: string;
}

export function useDossiers(filters: DossierFilters) {
  return useQuery({
    queryKey: [...DOSSIERS_KEY, filters],
    queryFn: ({ signal }) =>
      api<DossierListResponse>('/api/v1/dossiers', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDossier(id: string) {
  return useQuery({
    queryKey: dossierKey(id),
    queryFn: ({ signal }) => api<DossierDetail>(dossierUrl(id), { signal }),
    retry: (count, error) =>
      count < 2 && !(error instanceof Error && 'status' in error && error.status === 404),
  });
}

export function useTemplates(enabled = true) {
  return useQuery({
    queryKey: ['recognition', 'templates'],
    queryFn: ({ signal }) => api<TemplatesResponse>('/api/v1/recognition/templates', { signal }),
    staleTime: 10 * 60_000,
    enabled,
  });
}

/** After any change: the dossier's new state at once, the lists and the queue asked again. */
function useStoreDossier() {
  const queryClient = useQueryClient();
  return (dossier: DossierDetail) => {
    queryClient.setQueryData(dossierKey(dossier.id), dossier);
    void queryClient.invalidateQueries({ queryKey: DOSSIERS_KEY });
    void queryClient.invalidateQueries({ queryKey: INBOX_KEY });
  };
}

export function useOpenDossier() {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: (body: { unit: string; kind: DossierKind; year: number }) =>
      api<DossierDetail>('/api/v1/dossiers', { method: 'POST', json: body }),
    onSuccess: store,
  });
}

export function useOpenRevocation() {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: (body: { recognition: number; reason: string; alert?: number }) =>
      api<DossierDetail>('/api/v1/dossiers/revocations', { method: 'POST', json: body }),
    onSuccess: store,
  });
}

export interface ActionInput {
  type: string;
  reason?: string | null;
  legalBasis?: string | null;
  payload?: Record<string, unknown>;
}

/**
 * One action on the dossier, with the version read: on success the new state replaces the old;
 * on a 409 the current state (sent with the refusal, or asked again) replaces it, and the error is
 * passed on for the form to say so — nothing is sent again by itself.
 */
export function useDossierAction(dossier: DossierDetail) {
  const queryClient = useQueryClient();
  const store = useStoreDossier();
  return useMutation({
    mutationFn: (input: ActionInput) =>
      api<DossierDetail>(`${dossierUrl(dossier.id)}/actions`, {
        method: 'POST',
        json: {
          type: input.type,
          version: dossier.version,
          reason: input.reason ?? null,
          legalBasis: input.legalBasis ?? null,
          payload: input.payload ?? {},
        },
      }),
    onSuccess: store,
    onError: (error) => {
      const current = conflictCurrent(error);
      if (current) store(current);
      else void queryClient.invalidateQueries({ queryKey: dossierKey(dossier.id) });
    },
  });
}

/** Attaches one file to the checklist document `documentCode` (multipart, with progress). */
export function useUploadDocument(dossier: DossierDetail) {
  const queryClient = useQueryClient();
  const store = useStoreDossier();
  return useMutation({
    mutationFn: async (input: {
      documentCode: string;
      file: File;
      onProgress?: (fraction: number) => void;
      signal: AbortSignal;
    }) => {
      const { status, body } = await uploadWithProgress(
        `${dossierUrl(dossier.id)}/documents`,
        input.file,
        {
          signal: input.signal,
          onProgress: input.onProgress,
          fields: { documentCode: input.documentCode, version: String(dossier.version) },
        },
      );
      if (status >= 200 && status < 300 && body !== undefined) return body as DossierDetail;
      throw toApiError(status, body);
    },
    onSuccess: store,
    onError: (error) => {
      const current = conflictCurrent(error);
      if (current) store(current);
      else void queryClient.invalidateQueries({ queryKey: dossierKey(dossier.id) });
    },
  });
}

export function useModerateComment(dossierId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      comment: CommentView;
      status: 'published' | 'rejected';
      answer: string | null;
    }) =>
      api<CommentView>(
        `${dossierUrl(dossierId)}/comments/${encodeURIComponent(input.comment.id)}`,
        {
          method: 'PATCH',
          json: { status: input.status, answer: input.answer, version: input.comment.version },
        },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: dossierKey(dossierId) }),
  });
}

const publicKey = (id: string) => ['recognition', 'public', id] as const;

export function usePublicDossier(id: string) {
  return useQuery({
    queryKey: publicKey(id),
    queryFn: ({ signal }) =>
      api<PublicDossierView>(`/api/v1/public/dossiers/${encodeURIComponent(id)}`, { signal }),
  });
}

export function usePostComment(id: string) {
  return useMutation({
    mutationFn: (body: { authorName: string | null; contact: string | null; body: string }) =>
      api<CommentView>(`/api/v1/public/dossiers/${encodeURIComponent(id)}/comments`, {
        method: 'POST',
        json: body,
      }),
  });
}

export interface RecognitionFilters {
  province?: string;
  year?: number;
  kind?: DossierKind;
  unit?: string;
}

export function useRecognitions(filters: RecognitionFilters) {
  return useQuery({
    queryKey: ['recognition', 'register', filters],
    queryFn: ({ signal }) =>
      api<RecognitionsResponse>('/api/v1/recognitions', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
  });
}
