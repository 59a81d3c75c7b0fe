// Starts Swagger UI on the API's OpenAPI document. A file, not an inline script, so the
// Content-Security-Policy can forbid inline scripts.
"use strict";
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: new URL(container.dataset.specUrl, window.location.href).href,
    domNode: container,
    deepLinking: true,
    onComplete: function () {
      // "API docs · <the API's title>", as the site's other pages are titled.
      document.title = "API docs · " + window.ui.specSelectors.info().get("title");
    },
  });
});
