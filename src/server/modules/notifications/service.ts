import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { translate, type Language } from '../../i18n';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { ListNotificationsResponse } from './api';
import { notifications } from './tables';

/** In-app notifications: written by other modules inside their transaction, read by their owner. */

export interface NotificationInput {
  kind: string;
  params: Record<string, string | number | null>;
  link?: string | null;
}

/** Notifies each user (once) in the caller's transaction. */
export async function notifyUsers(
  tx: Tx,
  userIds: readonly string[],
  input: NotificationInput,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx.insert(notifications).values(
    unique.map((userId) => ({
      userId,
      kind: input.kind,
      params: input.params,
      link: input.link ?? null,
    })),
  );
}

export function notificationMessage(
  language: Language,
  kind: string,
  params: Record<string, string | number | null>,
): string {
  const key = `notifications.${kind}`;
  const text = translate(language, key, params);
  return text === key ? kind : text;
}

/** The signed-in person's latest notifications and how many are unread. */
export async function listNotifications(
  executor: Executor,
  context: RequestContext,
  query: { unread?: 'true' | 'false' | undefined; limit: number },
  language: Language,
): Promise<ListNotificationsResponse> {
  const actor = requireActor(context);
  const mine = eq(notifications.userId, actor.userId);
  const rows = await executor
    .select()
    .from(notifications)
    .where(query.unread === 'true' ? and(mine, isNull(notifications.readAt)) : mine)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit);
  const [unread] = await executor
    .select({ total: count() })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)));
  return {
    items: rows.map((row) => ({
      id: Number(row.id),
      kind: row.kind,
      params: row.params,
      message: notificationMessage(language, row.kind, row.params),
      link: row.link,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
    })),
    unread: Number(unread?.total ?? 0),
  };
}

/** Marks one notification (or, with `id` null, all) of the signed-in person as read. */
export async function markNotificationsRead(
  tx: Tx,
  context: RequestContext,
  id: number | null,
): Promise<{ updated: number }> {
  const actor = requireActor(context);
  const conditions = [eq(notifications.userId, actor.userId), isNull(notifications.readAt)];
  if (id !== null) {
    const [owned] = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)));
    if (!owned) throw new AppError('notifications.not_found', 404, { id });
    conditions.push(inArray(notifications.id, [id]));
  }
  const updated = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(...conditions))
    .returning({ id: notifications.id });
  return { updated: updated.length };
}
