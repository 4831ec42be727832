import type { TransactionSql } from "postgres";
import { NotFoundError } from "../_shared/errors/app-error.ts";

/** A character as a chat prompt is filled from it. */
export interface ChatCharacter {
  id: string;
  /** Part of the filled prompt's cache key: an edit makes a new version. */
  updatedAt: string;
  name: string;
  description: string;
  persona: string | null;
  backstory: string | null;
  bio: string | null;
  traits: string | null;
  personalityTraits: Record<string, unknown>;
  physicalTraits: Record<string, unknown>;
  appearanceTags: string[];
  voiceTone: string | null;
  mood: string | null;
  voiceExamples: string[];
  forbiddenPhrases: string[];
  sceneBehaviorRules: Record<string, unknown>;
  systemPrompt: string | null;
  /** The character's scene of highest priority, if it has any. */
  scenePrompt: string | null;
}

/** What a reply in one conversation is built from, read in one query as the user. */
export interface ChatContext {
  conversationId: string;
  title: string;
  conversationType: string;
  /** The newest message of the chosen branch (null: the conversation is empty). */
  currentMessageId: string | null;
  ageVerified: boolean;
  isAdmin: boolean;
  userName: string | null;
  character: ChatCharacter | null;
  project: { id: string; title: string | null; originalPrompt: string } | null;
}

/**
 * Loads the conversation, the user's tier facts (age verification, admin), the character and the
 * project in one query inside the user's transaction, so RLS decides what is visible. A
 * conversation, character or project the user may not see is a 404 with the same body as a
 * missing one. A character or project named in the request replaces the conversation's own.
 */
export async function loadChatContext(
  tx: TransactionSql,
  input: { conversationId: string; characterId?: string | null; projectId?: string | null },
): Promise<ChatContext> {
  const [row] = await tx<
    (Omit<ChatContext, "character" | "project"> & {
      character: ChatCharacter | null;
      project: ChatContext["project"];
      characterWanted: boolean;
      projectWanted: boolean;
    })[]
  >`
    select c.id as "conversationId", c.title, c.conversation_type as "conversationType",
      coalesce(c.current_message_id, (
        select m.id from public.messages m where m.conversation_id = c.id
        order by m.created_at desc, m.id desc limit 1
      )) as "currentMessageId",
      coalesce(p.age_verified, false) as "ageVerified",
      exists (
        select 1 from public.user_roles r where r.user_id = c.user_id and r.role = 'admin'
      ) as "isAdmin",
      p.username as "userName",
      ${input.characterId ?? null}::uuid is not null as "characterWanted",
      ${input.projectId ?? null}::uuid is not null as "projectWanted",
      (
        select jsonb_build_object(
          'id', ch.id, 'updatedAt', ch.updated_at, 'name', ch.name,
          'description', ch.description, 'persona', ch.persona, 'backstory', ch.backstory,
          'bio', ch.bio, 'traits', ch.traits, 'personalityTraits', ch.personality_traits,
          'physicalTraits', ch.physical_traits, 'appearanceTags', ch.appearance_tags,
          'voiceTone', ch.voice_tone, 'mood', ch.mood, 'voiceExamples', ch.voice_examples,
          'forbiddenPhrases', ch.forbidden_phrases, 'sceneBehaviorRules', ch.scene_behavior_rules,
          'systemPrompt', ch.system_prompt,
          'scenePrompt', (
            select s.scene_prompt from public.character_scenes s
            where s.character_id = ch.id order by s.priority desc, s.created_at limit 1
          ))
        from public.characters ch
        where ch.id = coalesce(${input.characterId ?? null}::uuid, c.character_id)
      ) as character,
      (
        select jsonb_build_object('id', pr.id, 'title', pr.title, 'originalPrompt', pr.original_prompt)
        from public.projects pr
        where pr.id = coalesce(${input.projectId ?? null}::uuid, c.project_id)
      ) as project
    from public.conversations c
    left join public.profiles p on p.id = c.user_id
    where c.id = ${input.conversationId}`;
  if (!row) throw new NotFoundError("conversation", input.conversationId);
  if (row.characterWanted && !row.character) {
    throw new NotFoundError("character", input.characterId ?? undefined);
  }
  if (row.projectWanted && !row.project) {
    throw new NotFoundError("project", input.projectId ?? undefined);
  }
  const { characterWanted: _c, projectWanted: _p, ...context } = row;
  return context;
}
