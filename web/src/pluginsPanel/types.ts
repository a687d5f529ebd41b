// What the `plugins.*` bridge methods return (features/plugin_admin/methods.py).
// Every string in here may come from a plugin package: shown as text only.

export type PluginState = "enabled" | "disabled" | "failed" | "refused" | "unloaded";

export interface PluginRow {
  id: string;
  name: string;
  version: string;
  description: string;
  permissions: string[];
  source: "builtin" | "folder" | "addon";
  state: PluginState;
  errors: string[];
  builtin: boolean;
  uninstallable: boolean;
}

export interface PluginListing {
  plugins: PluginRow[];
  signatures: boolean;
  signaturesMissing: string | null;
  trustedKeys: { name: string; id: string }[];
}

export type OfferAction = "install" | "update" | "current" | "builtin";

export interface IndexOffer {
  id: string;
  name: string;
  version: string;
  url: string;
  sha256: string;
  size: number;
  description: string;
  installed: string | null;
  action: OfferAction;
}

export interface IndexReply {
  url: string;
  name: string;
  signedBy: string;
  packages: IndexOffer[];
}

export interface InstallReply {
  id: string;
  version: string;
  action: "installed" | "updated";
  state: PluginState;
  errors: string[];
  plugins: PluginRow[];
}

export interface InstallProgressInfo {
  busy: boolean;
  what?: string;
  received?: number;
  total?: number | null;
}
