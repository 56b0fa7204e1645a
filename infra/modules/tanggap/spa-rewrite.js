// CloudFront Function (viewer request, default behaviour only: the site in S3).
//
// The app routes in the browser: a deep link such as /insiden/01J... has no file behind it, so every
// path whose last segment has no dot is answered with /index.html. Files (/assets/tanggap-1a2b.js,
// /favicon.ico) pass through unchanged. /api/* never reaches this function: it has its own behaviour.
// A custom error response (403/404 -> index.html) would do the same for the site but would also turn the
// API's own 404 problems into HTML, which is why this is a function and not an error page.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
