// What `diagnostics.report` returns (features/core/methods.py) and its plain-text form,
// the one the Copy button puts on the clipboard for a bug report. Pure (tested).

import { plural } from "../dom";

export interface ServiceCheck {
  name: string;
  ok: boolean;
  error?: string | null;
}

export interface PluginStatus {
  id: string;
  source: string;
  location?: string;
  state: string;
  errors: string[];
  manifest: { name?: string; version?: string } | null;
}

export interface DiagnosticsReport {
  services: ServiceCheck[];
  plugins: PluginStatus[];
}

export interface ReportHeader {
  /** "Anki Template Designer 1.2.0" and the like, when the page knows it. */
  addon?: string;
  anki?: string;
  when: Date;
}

/** Anki's point version (260903) as it names its releases (26.09.3). */
export function ankiVersionText(point: number): string {
  if (!Number.isInteger(point) || point < 10000) return String(point);
  const patch = point % 100;
  const minor = Math.floor(point / 100) % 100;
  return `${Math.floor(point / 10000)}.${String(minor).padStart(2, "0")}${patch ? `.${patch}` : ""}`;
}

export function failingServices(report: DiagnosticsReport): ServiceCheck[] {
  return report.services.filter((s) => !s.ok);
}

export function troubledPlugins(report: DiagnosticsReport): PluginStatus[] {
  return report.plugins.filter((p) => p.state === "failed" || p.state === "refused" || p.errors.length > 0);
}

/** One line that says whether anything is wrong. */
export function summary(report: DiagnosticsReport): string {
  const failing = failingServices(report).length;
  const troubled = troubledPlugins(report).length;
  if (!failing && !troubled) return `All ${plural(report.services.length, "service")} answer; ${plural(report.plugins.length, "plugin")}, none with problems.`;
  const parts = [];
  if (failing) parts.push(`${failing} of ${plural(report.services.length, "service")} ${failing === 1 ? "fails its" : "fail their"} check`);
  if (troubled) parts.push(`${troubled} plugin${troubled === 1 ? " has" : "s have"} problems`);
  return `${parts.join("; ")}.`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The report as text: a header, the summary, every service and every plugin. */
export function reportText(report: DiagnosticsReport, header: ReportHeader): string {
  const lines = [
    "Template Designer diagnostics",
    header.addon ? `Add-on: ${header.addon}` : null,
    header.anki ? `Anki: ${header.anki}` : null,
    `Taken: ${header.when.toISOString()}`,
    "",
    summary(report),
    "",
    "Services:",
    ...report.services.map((s) => (s.ok ? `  ok      ${s.name}` : `  FAILED  ${s.name}: ${oneLine(s.error ?? "no reason given")}`)),
    "",
    "Plugins:",
    ...report.plugins.flatMap((p) => [
      `  ${p.state.padEnd(9)} ${p.id}${p.manifest?.version ? ` ${p.manifest.version}` : ""} (${p.source})`,
      ...p.errors.map((e) => `            ${oneLine(e)}`),
    ]),
  ];
  return lines.filter((line): line is string => line !== null).join("\n") + "\n";
}
