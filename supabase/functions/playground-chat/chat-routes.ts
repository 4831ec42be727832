import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../_shared/auth/require-user.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import { answerReply, wantsStream } from "./answer-reply.ts";
import { chooseMessage } from "./choose-message.ts";
import {
  chatRequestSchema,
  chatResponseSchema,
  replyOptionsShape,
  userMessageSchema,
} from "./chat-request-schema.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { prepareReply, type ReplyAction } from "./prepare-reply.ts";

const replyResponses = {
  200: {
    description: "The stored reply as JSON, or (`stream: true` or `Accept: text/event-stream`) " +
      "Server-Sent Events: `token` events, then `done` with this body, or `error` after a break-off",
    content: {
      "application/json": { schema: chatResponseSchema },
      "text/event-stream": { schema: z.string() },
    },
  },
  400: errorResponse("Invalid input; `error.fields` names it"),
  401: errorResponse("No valid user token"),
  404: errorResponse("No such conversation, character, project or template of the caller's"),
  429: errorResponse("Too many messages this minute; Retry-After says when to try again"),
  502: errorResponse("The models failed before answering; the user's message stays stored"),
  503: errorResponse("No model can be asked now, or the database is unavailable"),
  504: errorResponse("The models did not answer in time; the user's message stays stored"),
};

const conversationParams = z.object({ id: z.uuid() });

/**
 * Registers the chat routes: the existing frontend's `POST /playground-chat`, and regenerate,
 * continue and edit on a conversation's chosen branch, each answering JSON or a stream.
 */
export function registerChatRoutes(
  app: FunctionApp,
  deps: PlaygroundChatDeps,
): void {
  const user = requireUser(deps.verifyUser);

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["chat"],
      summary: "Send a message and get the model's reply",
      security: bearerSecurity,
      middleware: [user] as const,
      request: { body: jsonBody(chatRequestSchema) },
      responses: replyResponses,
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { conversation_id, message, character_id, project_id, ...options } = body;
      const prepared = await prepareReply(deps, c.var.user, {
        conversationId: conversation_id,
        characterId: character_id,
        projectId: project_id,
        options,
        action: { kind: "send", message },
      });
      return answerReply(c, deps, prepared, wantsStream(c, body.stream));
    },
  );

  const branchRoutes = [
    ["regenerate", "Answer the last message again; the earlier reply stays as a swipe", false],
    ["continue", "Continue the last reply where it stopped, as a new swipe", false],
    ["edit", "Replace your last message on the branch and get a new answer", true],
  ] as const;
  for (const [kind, summary, takesMessage] of branchRoutes) {
    const bodySchema = z.strictObject({
      ...(takesMessage ? { message: userMessageSchema } : {}),
      ...replyOptionsShape,
    });
    app.openapi(
      createRoute({
        method: "post",
        path: `/conversations/{id}/${kind}`,
        tags: ["chat"],
        summary,
        security: bearerSecurity,
        middleware: [user] as const,
        request: { params: conversationParams, body: jsonBody(bodySchema) },
        responses: {
          ...replyResponses,
          409: errorResponse("The chosen branch has nothing this action applies to"),
        },
      }),
      async (c) => {
        const { message, ...options } = c.req.valid("json") as z.output<typeof bodySchema> & {
          message?: string;
        };
        const action = (kind === "edit" ? { kind, message } : { kind }) as ReplyAction;
        const prepared = await prepareReply(deps, c.var.user, {
          conversationId: c.req.valid("param").id,
          options,
          action,
        });
        return answerReply(c, deps, prepared, wantsStream(c, options.stream));
      },
    );
  }

  app.openapi(
    createRoute({
      method: "put",
      path: "/conversations/{id}/current-message",
      tags: ["chat"],
      summary: "Choose a swipe: the branch through this message becomes the one the model sees",
      security: bearerSecurity,
      middleware: [user] as const,
      request: {
        params: conversationParams,
        body: jsonBody(z.strictObject({ message_id: z.uuid() })),
      },
      responses: {
        200: jsonResponse(
          "The conversation's current message: the newest below the chosen one",
          z.object({ conversation_id: z.uuid(), current_message_id: z.uuid() }),
        ),
        400: errorResponse("Invalid input; `error.fields` names it"),
        401: errorResponse("No valid user token"),
        404: errorResponse("No such conversation or message of the caller's"),
      },
    }),
    async (c) =>
      c.json(
        await chooseMessage(deps, c.var.user, {
          conversationId: c.req.valid("param").id,
          messageId: c.req.valid("json").message_id,
        }),
        200,
      ),
  );
}
