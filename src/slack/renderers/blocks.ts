// Block Kit as plain JSON, typed locally: the renderers stay pure functions with no
// Slack SDK import, and the only Block Kit they can produce is what is typed here.
// Builders clamp every field to Slack's limits (limits.ts), so a renderer that
// forgets a budget still yields a message Slack accepts.
import { LIMITS, clampChars, clampLines } from "./limits.js";

export interface PlainText {
  type: "plain_text";
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: "mrkdwn";
  text: string;
}

export type TextObject = PlainText | MrkdwnText;

export interface ConfirmDialog {
  title: PlainText;
  text: TextObject;
  confirm: PlainText;
  deny: PlainText;
  style?: "primary" | "danger";
}

export interface ButtonElement {
  type: "button";
  action_id: string;
  text: PlainText;
  value?: string;
  style?: "primary" | "danger";
  confirm?: ConfirmDialog;
}

export interface HeaderBlock {
  type: "header";
  text: PlainText;
}

export interface SectionBlock {
  type: "section";
  block_id?: string;
  text?: MrkdwnText;
  fields?: MrkdwnText[];
  accessory?: ButtonElement;
}

export interface ContextBlock {
  type: "context";
  elements: MrkdwnText[];
}

export interface DividerBlock {
  type: "divider";
}

export interface ActionsBlock {
  type: "actions";
  block_id?: string;
  elements: ButtonElement[];
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock;

/** What every message renderer returns; `text` is the notification and screen-reader fallback. */
export interface RenderedMessage {
  text: string;
  blocks: Block[];
}

export interface HomeView {
  type: "home";
  blocks: Block[];
}

export const plain = (text: string): PlainText => ({ type: "plain_text", text, emoji: true });
export const mrkdwn = (text: string): MrkdwnText => ({ type: "mrkdwn", text });

export function header(text: string): HeaderBlock {
  return { type: "header", text: plain(clampChars(text, LIMITS.headerText)) };
}

export function section(text: string, extra: Pick<SectionBlock, "block_id" | "accessory"> = {}): SectionBlock {
  return { type: "section", text: mrkdwn(clampLines(text, LIMITS.sectionText)), ...extra };
}

export function fields(items: string[]): SectionBlock {
  const kept = items.slice(0, LIMITS.sectionFields).map((t) => mrkdwn(clampLines(t, LIMITS.fieldText)));
  return { type: "section", fields: kept };
}

export function context(...texts: string[]): ContextBlock {
  return { type: "context", elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(clampLines(t, LIMITS.contextText))) };
}

export const divider = (): DividerBlock => ({ type: "divider" });

export function actions(elements: ButtonElement[], blockId?: string): ActionsBlock {
  return { type: "actions", ...(blockId ? { block_id: blockId } : {}), elements: elements.slice(0, LIMITS.actionsElements) };
}

export interface ButtonOptions {
  actionId: string;
  text: string;
  /** An id the server looks up; never a command or a patch. */
  value?: string;
  style?: "primary" | "danger";
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export function button(o: ButtonOptions): ButtonElement {
  // A value is an id the handler looks up: cutting it would point at something else.
  if (o.value !== undefined && o.value.length > LIMITS.buttonValue) {
    throw new Error(`button value for ${o.actionId} is ${o.value.length} characters, over Slack's ${LIMITS.buttonValue}`);
  }
  if (o.actionId.length > LIMITS.actionId) throw new Error(`action_id ${o.actionId.slice(0, 40)}… is too long`);
  const el: ButtonElement = { type: "button", action_id: o.actionId, text: plain(clampChars(o.text, LIMITS.buttonText)) };
  if (o.value !== undefined) el.value = o.value;
  if (o.style) el.style = o.style;
  if (o.confirm) {
    el.confirm = {
      title: plain(clampChars(o.confirm.title, LIMITS.confirmTitle)),
      text: mrkdwn(clampChars(o.confirm.text, LIMITS.confirmText)),
      confirm: plain(clampChars(o.confirm.confirm, LIMITS.confirmButton)),
      deny: plain(clampChars(o.confirm.deny, LIMITS.confirmButton)),
      ...(o.style ? { style: o.style } : {}),
    };
  }
  return el;
}
