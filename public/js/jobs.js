// Following a job: one request at a time, each held by the server for up to 2 s while the job runs, so a
// progress bar moves as the job does and the result arrives as soon as it ends.
import { api, ApiError } from "/js/api.js";

/** Resolves to the job's result once it has succeeded; `onProgress(job)` after every answer. */
export async function followJob(job, onProgress = () => {}) {
  let current = { job, result: null };
  onProgress(current.job);
  while (current.job.state === "running" || current.job.state === "queued") {
    current = await api(`/api/v1/jobs/${current.job.id}?wait=2`);
    onProgress(current.job);
  }
  if (current.job.state !== "succeeded") {
    throw new ApiError(500, "job_failed", `job ${current.job.id} ${current.job.state}: ${current.job.error ?? "no reason given"}`);
  }
  return current.result;
}

/** A progress bar and its text for a job. */
export function showJob(bar, status, job, unit = "") {
  if (job.progress_total) bar.value = job.progress_done / job.progress_total;
  status.textContent = `job ${job.id}: ${job.state}${job.progress_total ? `, ${job.progress_done} of ${job.progress_total}${unit}` : ""}`;
}
