import { createRequire } from 'node:module';

import type { WorkflowHandle } from '@temporalio/client';

/** A workflow history as the client fetches it and `Worker.runReplayHistory` takes it. */
export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** The two functions of `protobufjs/ext/protojson` used here. */
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { readonly ignoreUnknownFields: boolean }): unknown;
}

/** The bits of `@temporalio/proto` used here. */
interface ProtoRoot {
  lookupType(name: string): { fromObject(value: unknown): unknown };
}

// `@temporalio/common`'s historyToJSON/historyFromJSON fail in this install ("type must be a Type"): npm put one
// copy of protobufjs 8.8.1 under @temporalio/common and another under @temporalio/proto, and protojson's
// `instanceof Type` check fails across them. So the history type and protojson both come from @temporalio/proto's copy.
const require = createRequire(import.meta.url);
const protoEntry = require.resolve('@temporalio/proto');
const protojson = createRequire(protoEntry)('protobufjs/ext/protojson') as ProtoJson;
const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as {
  patchProtobufRoot: (root: unknown) => ProtoRoot;
};
const historyType = patchProtobufRoot(require('@temporalio/proto')).lookupType('temporal.api.history.v1.History');

/** A history as proto3 JSON (the format of `temporal workflow show --output json`), pretty-printed. */
export function historyToJson(history: History): string {
  return `${JSON.stringify(protojson.toJson(historyType, historyType.fromObject(history)), null, 2)}\n`;
}

/** A history read back from proto3 JSON. */
export function historyFromJson(text: string): History {
  return protojson.fromJson(historyType, JSON.parse(text), { ignoreUnknownFields: true }) as History;
}
