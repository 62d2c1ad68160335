// Must be evaluated before video.js: its default inline <style> would be refused by our CSP
// (style-src 'self'); the same rules come from video-js.css instead.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
