// GroupDirectory over usergroups.users.list (scope usergroups:read, Tier 2: about
// 20 calls a minute). The authorizer caches members per group; this adapter only
// asks Slack.
import type { WebClient } from "@slack/web-api";
import type { GroupDirectory } from "../../ports/notifier.js";
import { createSlackWebClient, slackCall, type SlackCallListener, type SlackClientOptions } from "./web-client.js";

export interface SlackGroupDirectoryOptions extends SlackClientOptions {
  onCall?: SlackCallListener;
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function createSlackGroupDirectory(options: SlackGroupDirectoryOptions, client: WebClient = createSlackWebClient(options)): GroupDirectory {
  return {
    async membersOf(groupId: string): Promise<string[]> {
      const res = await slackCall("usergroups.users.list", () => client.usergroups.users.list({ usergroup: groupId }), options.onCall ? { onCall: options.onCall } : {});
      // Only well-formed user ids can grant a role.
      return (res.users ?? []).filter((u): u is string => typeof u === "string" && USER_ID.test(u));
    },
  };
}
