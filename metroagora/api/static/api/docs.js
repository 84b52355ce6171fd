/* Starts Swagger UI on the API documentation page (no inline script: strict CSP).
 *
 * The page has its own title and introduction, so Swagger UI's "info" block (a second
 * <h1>, the version badges) is left out. A few of Swagger UI's controls have no
 * accessible name (icon buttons, the selects of enumerated parameters) and its code
 * samples scroll without being reachable by keyboard: names and tabindex are added
 * as Swagger UI draws them.
 */
(function () {
  "use strict";
  var settings = document.getElementById("swagger-settings");
  var root = document.getElementById("swagger-ui");
  if (!settings || !root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var config = JSON.parse(settings.textContent);
  var nothing = function () {
    return function () {
      return null;
    };
  };
  var withoutInfo = function () {
    return { wrapComponents: { InfoContainer: nothing, info: nothing } };
  };

  function name(element, label) {
    if (!element.getAttribute("aria-label") && !element.textContent.trim()) {
      element.setAttribute("aria-label", label);
    }
  }

  function repair() {
    root.querySelectorAll("tr[data-param-name]").forEach(function (row) {
      var param = row.getAttribute("data-param-name");
      var where = row.getAttribute("data-param-in") || "";
      row.querySelectorAll("select, input, textarea").forEach(function (control) {
        if (!control.labels || control.labels.length === 0) {
          if (!control.getAttribute("aria-label")) {
            control.setAttribute("aria-label", param + (where ? " (" + where + ")" : ""));
          }
        }
      });
    });
    root.querySelectorAll(".copy-to-clipboard button").forEach(function (button) {
      name(button, "Copy to clipboard");
    });
    root.querySelectorAll("button.close-modal").forEach(function (button) {
      name(button, "Close");
    });
    root.querySelectorAll(".highlight-code pre, .highlight-code .example, .microlight").forEach(
      function (block) {
        if (!block.hasAttribute("tabindex")) {
          block.setAttribute("tabindex", "0");
        }
      }
    );
  }

  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        repair();
      });
    }
  }).observe(root, { childList: true, subtree: true });

  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  config.plugins = [withoutInfo];
  window.SwaggerUIBundle(config);
})();
