// The API page (/docs): Swagger UI from the installed swagger-ui-bundle package, served by
// the app itself, so it renders with no network (no CDN) and no inline script.
/* global SwaggerUIBundle */
SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout" });
