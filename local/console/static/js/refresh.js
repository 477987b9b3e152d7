// How a view asks for the page to be drawn again after a change it sent (the shell decides what that means).
let redraw = () => Promise.resolve();

/** Set once by the shell: draws the clock and the view shown. */
export const onRefresh = (draw) => {
  redraw = draw;
};
/** Draws the page again now, from the server's answers. */
export const refresh = () => redraw();
