/* Video library: click-to-load for videos on PeerTube, YouTube or Vimeo.
 *
 * Without JavaScript the "Play the video here" button reloads the page with ?load=1,
 * which renders the platform's player. With it, the player is taken from its inert
 * <template> and put in place of the notice, without a reload; focus moves to it.
 */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-video-load")) {
      return;
    }
    var template = document.getElementById(form.getAttribute("data-video-load"));
    var notice = form.closest("[data-video-consent]");
    if (!template || !template.content || !notice) {
      return;
    }
    event.preventDefault();
    var player = template.content.firstElementChild.cloneNode(true);
    notice.replaceWith(player);
    player.focus();
  });
})();
