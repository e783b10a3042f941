/* Patches to Decap CMS's own behaviour, one place for all of them. Each names the version it was
   written for; `brandhall-cms.js` applies them before CMS.init(). */

/* Written for decap-cms 3.16.3 (decap-cms-core 3.19.1, decap-cms-widget-file 3.5.3,
   decap-cms-widget-image 3.4.3): the image field's thumbnail and its preview ask getAsset() once,
   get Decap's empty placeholder (empty.svg) while the photo is still being fetched, and ask again
   only when the value, the field or getAsset itself changes, so an existing photo's thumbnail
   stays empty. The wrapper asks until the photo has arrived, then hands the widget a new getAsset
   so that it asks once more and shows it. */
const PLACEHOLDER = "empty.svg";

function paths(value) {
  if (!value) return [];
  if (typeof value === "string") return [value];
  return value.toArray ? value.toArray().filter((v) => typeof v === "string") : [];
}

function waitingForAssets(Inner) {
  return createClass({
    getInitialState: function () { return { round: 0 }; },
    componentDidMount: function () { this.watch(); },
    componentDidUpdate: function (before) { if (before.value !== this.props.value) this.watch(); },
    componentWillUnmount: function () { window.clearTimeout(this.timer); },
    /* Decap's Widget asks the control (now this wrapper) whether to update: the file control
       says yes when the media library has just chosen a photo for it. */
    shouldComponentUpdate: function (next, nextState) {
      if ((nextState && nextState.round !== this.state.round) || next.value !== this.props.value) return true;
      const inner = this.inner;
      return inner && inner.shouldComponentUpdate ? inner.shouldComponentUpdate(next) : true;
    },
    isValid: function () { return this.inner && this.inner.isValid ? this.inner.isValid() : true; },
    focus: function (path) { if (this.inner && this.inner.focus) this.inner.focus(path); },
    watch: function () {
      const self = this;
      let tries = 0;
      window.clearTimeout(this.timer);
      const look = function () {
        if (!self.props.getAsset) return;
        const waiting = paths(self.props.value).some(function (path) {
          const asset = self.props.getAsset(path, self.props.field);
          return !asset || asset.path === PLACEHOLDER;
        });
        if (!waiting) self.setState({ round: self.state.round + 1 });
        else if (++tries < 150) self.timer = window.setTimeout(look, 200);
      };
      look();
    },
    render: function () {
      const self = this;
      if (this.round !== this.state.round || !this.getAsset) {
        this.round = this.state.round;
        this.getAsset = function (path, field) { return self.props.getAsset(path, field); };
      }
      const props = Object.assign({}, this.props, { getAsset: this.props.getAsset ? this.getAsset : undefined });
      if (Inner.prototype && Inner.prototype.render) props.ref = function (el) { self.inner = el; };
      return h(Inner, props);
    },
  });
}

export function patchImageWidget() {
  const image = CMS.getWidget("image");
  if (!image || !image.control) throw new Error("Decap CMS 没有 image 控件，decap-patches.js 需要按新版本更新");
  CMS.registerWidget("image", waitingForAssets(image.control), waitingForAssets(image.preview), image.schema);
}
