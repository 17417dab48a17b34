// The Paperwise API as the review page uses it: the key kept in this browser, requests with
// `Authorization: Token <key>`, and errors (`{code, message, details}`) put in plain words.

const KEY_STORAGE = "paperwise.apiKey";

export function savedKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return "";
  }
}

export function saveKey(key) {
  try {
    localStorage.setItem(KEY_STORAGE, key);
  } catch {
    // storage disabled: the key lives as long as the page
  }
  currentKey = key;
}

export function forgetKey() {
  try {
    localStorage.removeItem(KEY_STORAGE);
  } catch {
    // nothing stored
  }
  currentKey = "";
}

let currentKey = savedKey();

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = Array.isArray(details) ? details : [];
  }
}

/**
 * Call the API. `json` is sent as a JSON body, `form` (a FormData) as multipart.
 * Resolves with the decoded JSON answer; rejects with an ApiError.
 */
export async function call(path, { method = "GET", json, form, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (currentKey) headers.Authorization = `Token ${currentKey}`;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(
      0,
      "NETWORK",
      "The server could not be reached. Check that Paperwise is running and try again.",
    );
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    if (data && typeof data.message === "string") {
      throw new ApiError(response.status, data.code || "ERROR", data.message, data.details);
    }
    throw new ApiError(
      response.status,
      `HTTP_${response.status}`,
      `The server answered ${response.status} ${response.statusText}.`.replace(" .", "."),
    );
  }
  return data;
}

const ADVICE = {
  UNAUTHORIZED: "Check the API key: use “Change key” to enter another one.",
  FORBIDDEN: "This key may not do that.",
  RATE_LIMITED: "Too many requests with this key: wait a moment and try again.",
  UNSUPPORTED_FILE_TYPE: "Send a PDF, PNG, JPEG, TIFF, WebP or BMP file.",
  NOT_READY: "The service is starting or has lost its database: try again shortly.",
};

function describeDetail(detail) {
  if (detail === null || typeof detail !== "object") return String(detail);
  const { field, problem, ...rest } = detail;
  const extra = Object.entries(rest)
    .map(([key, value]) => `${key.replaceAll("_", " ")}: ${
      typeof value === "object" ? JSON.stringify(value) : value}`)
    .join(", ");
  if (field !== undefined && problem !== undefined) {
    return `${field}: ${problem}${extra ? ` (${extra})` : ""}`;
  }
  return [field !== undefined ? `field: ${field}` : "", problem ?? "", extra]
    .filter(Boolean)
    .join(", ");
}

/** `{message, lines}`: what went wrong in a sentence, then what the details and advice add. */
export function describeError(error) {
  if (!(error instanceof ApiError)) {
    return { message: "Something went wrong in the page.", lines: [String(error?.message ?? error)] };
  }
  const lines = error.details.map(describeDetail).filter(Boolean);
  if (ADVICE[error.code]) lines.push(ADVICE[error.code]);
  return { message: error.message, lines };
}
