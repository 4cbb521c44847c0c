// Slack's Block Kit limits (python-slack-sdk validators, Slack docs; see
// shared/research/chatops-slack-anchors.md §B.6-B.7) and the helpers every renderer
// uses to stay inside them. Long content is cut with a visible "…and N more", never
// silently: a reader must know something is missing and where to find it.
import type { Block, RenderedMessage, TextObject } from "./blocks.js";

export const LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  contextText: 2_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /**
   * Sum of all text in one message's blocks. Slack answers `msg_blocks_too_long` near
   * 13.2k characters even when every block is within its own limit (bolt-js#2509).
   */
  messageText: 12_000,
  /** The top-level `text` is a notification line, not a second copy of the message. */
  fallbackText: 3_000,
} as const;

export type Surface = "message" | "home";

const ESCAPED = /[&<>]/;

/** Escapes user and resource text for mrkdwn: Slack treats &, < and > as control characters. */
export function escapeMrkdwn(text: string): string {
  if (!ESCAPED.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The largest cut position <= n that splits neither a surrogate pair, an escaped
 * entity (`&amp;`) nor a Slack token (`<@U123>`, `<!date^…|…>`), so a cut never
 * leaves half a control sequence behind.
 */
function safeCut(text: string, n: number): number {
  let cut = Math.max(0, Math.min(n, text.length));
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut--;
  const amp = text.lastIndexOf("&", cut - 1);
  if (amp >= 0 && amp >= cut - 6 && !text.slice(amp, cut).includes(";")) {
    const end = text.indexOf(";", amp);
    if (end >= cut && end - amp <= 5) cut = amp;
  }
  const open = text.lastIndexOf("<", cut - 1);
  if (open >= 0 && text.indexOf(">", open) >= cut) cut = open;
  return cut;
}

/** Cuts to at most `max` characters, ending with "…" when anything was removed. */
export function clampChars(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, safeCut(text, max - 1)) + "…";
}

const fenceCount = (s: string) => (s.match(/```/g) ?? []).length;

/**
 * Keeps whole lines while they fit in `max` characters and says how many were left
 * out. A single line longer than the budget is cut and the remaining characters
 * counted. An opened code fence is closed so the rest of the message still renders.
 */
export function clampLines(text: string, max: number, noun = "lines"): string {
  if (text.length <= max) return text;
  const lines = text.split("\n");
  const suffixFor = (dropped: number) => `\n…and ${dropped} more ${noun}`;
  const closeFence = (s: string) => (fenceCount(s) % 2 === 1 ? `${s}\n\`\`\`` : s);
  let kept = "";
  let keptCount = 0;
  for (const line of lines) {
    const next = keptCount === 0 ? line : `${kept}\n${line}`;
    const worst = closeFence(next).length + suffixFor(lines.length - keptCount - 1).length + 4;
    if (worst > max) break;
    kept = next;
    keptCount++;
  }
  if (keptCount === 0) {
    const first = lines[0] ?? "";
    const tail = (more: number) => `… (${more} more characters)${lines.length > 1 ? suffixFor(lines.length - 1) : ""}`;
    const room = max - tail(first.length).length - 4;
    const cut = safeCut(first, room);
    return closeFence(first.slice(0, cut)) + tail(first.length - cut);
  }
  return closeFence(kept) + suffixFor(lines.length - keptCount);
}

/**
 * Joins list lines within a line count and a character budget; what does not fit is
 * counted in a last "…and N more <noun>" line (included in the budget).
 */
export function boundedList(lines: readonly string[], opts: { maxLines?: number; maxChars: number; noun: string }): string {
  const maxLines = opts.maxLines ?? lines.length;
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const rest = lines.length - i - 1;
    const reserve = rest > 0 ? `\n…and ${rest} more ${opts.noun}`.length : 0;
    const cost = (out.length > 0 ? 1 : 0) + line.length;
    if (out.length >= maxLines || used + cost + reserve > opts.maxChars) {
      out.push(`…and ${lines.length - i} more ${opts.noun}`);
      return out.join("\n");
    }
    out.push(line);
    used += cost;
  }
  return out.join("\n");
}

function textLength(texts: readonly TextObject[]): number {
  let n = 0;
  for (const t of texts) n += t.text.length;
  return n;
}

function confirmLength(el: { confirm?: { title: TextObject; text: TextObject; confirm: TextObject; deny: TextObject } }): number {
  const c = el.confirm;
  return c ? c.title.text.length + c.text.text.length + c.confirm.text.length + c.deny.text.length : 0;
}

/** Characters of text in one block. Every reply is measured, so nothing is gathered into lists on the way. */
function blockTextLength(block: Block): number {
  switch (block.type) {
    case "header":
      return block.text.text.length;
    case "section":
      return (
        (block.text?.text.length ?? 0) +
        (block.fields ? textLength(block.fields) : 0) +
        (block.accessory ? block.accessory.text.text.length + confirmLength(block.accessory) : 0)
      );
    case "context":
      return textLength(block.elements);
    case "actions": {
      let n = 0;
      for (const e of block.elements) n += e.text.text.length + confirmLength(e);
      return n;
    }
    case "divider":
      return 0;
  }
}

/** Characters of text across blocks, the measure Slack's aggregate limit applies to. */
export function blocksTextLength(blocks: readonly Block[]): number {
  let n = 0;
  for (const b of blocks) n += blockTextLength(b);
  return n;
}

/** Every limit a message or Home view breaks; empty when Slack would accept it. */
export function limitViolations(msg: { text?: string; blocks: readonly Block[] }, surface: Surface = "message"): string[] {
  const problems: string[] = [];
  const maxBlocks = surface === "home" ? LIMITS.homeBlocks : LIMITS.messageBlocks;
  if (msg.blocks.length > maxBlocks) problems.push(`${msg.blocks.length} blocks > ${maxBlocks}`);
  if (surface === "message") {
    const total = blocksTextLength(msg.blocks);
    if (total > LIMITS.messageText) problems.push(`message text ${total} > ${LIMITS.messageText}`);
    if (msg.text === undefined || msg.text.length === 0) problems.push("missing fallback text");
    else if (msg.text.length > LIMITS.fallbackText) problems.push(`fallback text ${msg.text.length} > ${LIMITS.fallbackText}`);
  }
  const blockIds = new Set<string>();
  msg.blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if ("block_id" in b && b.block_id !== undefined) {
      if (b.block_id.length > LIMITS.blockId) problems.push(`${at}: block_id too long`);
      if (blockIds.has(b.block_id)) problems.push(`${at}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    const buttons = b.type === "actions" ? b.elements : b.type === "section" && b.accessory ? [b.accessory] : [];
    const actionIds = new Set<string>();
    for (const el of buttons) {
      if (el.text.text.length > LIMITS.buttonText) problems.push(`${at}: button text ${el.text.text.length} > ${LIMITS.buttonText}`);
      if ((el.value ?? "").length > LIMITS.buttonValue) problems.push(`${at}: button value > ${LIMITS.buttonValue}`);
      if (el.action_id.length > LIMITS.actionId) problems.push(`${at}: action_id too long`);
      if (actionIds.has(el.action_id)) problems.push(`${at}: duplicate action_id ${el.action_id}`);
      actionIds.add(el.action_id);
      if (el.confirm) {
        if (el.confirm.title.text.length > LIMITS.confirmTitle) problems.push(`${at}: confirm title too long`);
        if (el.confirm.text.text.length > LIMITS.confirmText) problems.push(`${at}: confirm text too long`);
        for (const t of [el.confirm.confirm, el.confirm.deny])
          if (t.text.length > LIMITS.confirmButton) problems.push(`${at}: confirm button text too long`);
      }
    }
    switch (b.type) {
      case "header":
        if (b.text.text.length > LIMITS.headerText) problems.push(`${at}: ${b.text.text.length} > ${LIMITS.headerText}`);
        if (b.text.type !== "plain_text") problems.push(`${at}: header must be plain_text`);
        break;
      case "section":
        if (!b.text && !b.fields?.length) problems.push(`${at}: needs text or fields`);
        if (b.text && b.text.text.length > LIMITS.sectionText) problems.push(`${at}: text ${b.text.text.length} > ${LIMITS.sectionText}`);
        if (b.text && b.text.text.length === 0) problems.push(`${at}: empty text`);
        if ((b.fields?.length ?? 0) > LIMITS.sectionFields) problems.push(`${at}: more than ${LIMITS.sectionFields} fields`);
        for (const f of b.fields ?? []) if (f.text.length > LIMITS.fieldText) problems.push(`${at}: field > ${LIMITS.fieldText}`);
        break;
      case "context":
        if (b.elements.length === 0 || b.elements.length > LIMITS.contextElements) problems.push(`${at}: ${b.elements.length} elements`);
        for (const e of b.elements) if (e.text.length > LIMITS.contextText) problems.push(`${at}: element > ${LIMITS.contextText}`);
        break;
      case "actions":
        if (b.elements.length === 0 || b.elements.length > LIMITS.actionsElements) problems.push(`${at}: ${b.elements.length} elements`);
        break;
      case "divider":
        break;
    }
  });
  return problems;
}

/**
 * Last line of defence, applied by every renderer: if the blocks still exceed the
 * block count or the aggregate text budget, trailing blocks are replaced by one
 * visible "…and N more" note; the fallback text is clamped.
 */
export function finishMessage(text: string, blocks: Block[], surface: Surface = "message"): RenderedMessage {
  const maxBlocks = surface === "home" ? LIMITS.homeBlocks : LIMITS.messageBlocks;
  const maxText = surface === "home" ? Number.POSITIVE_INFINITY : LIMITS.messageText;
  const fallback = clampChars(text, LIMITS.fallbackText);
  if (blocks.length <= maxBlocks && blocksTextLength(blocks) <= maxText) return { text: fallback, blocks };
  const note = (n: number): Block => ({ type: "context", elements: [{ type: "mrkdwn", text: `…and ${n} more blocks not shown` }] });
  const kept = [...blocks];
  let dropped = 0;
  while (kept.length > 1 && (kept.length + 1 > maxBlocks || blocksTextLength([...kept, note(blocks.length)]) > maxText)) {
    kept.pop();
    dropped++;
  }
  return { text: fallback, blocks: [...kept, note(dropped)] };
}
