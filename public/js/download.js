// Downloads of what a chart shows: the canvas as PNG, its data as CSV.
export function downloadBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const anchor = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCanvas(canvas, filename) {
  canvas.toBlob((blob) => downloadBlob(blob, filename), "image/png");
}

/** Downloads a header and rows of values as a CSV file. */
export function downloadCSV(header, rows, filename) {
  downloadBlob(new Blob([csv(header, rows)], { type: "text/csv" }), filename);
}

/** CSV text from a header and rows of values. */
export function csv(header, rows) {
  return [header.join(","), ...rows.map((row) => row.join(","))].join("\n") + "\n";
}
