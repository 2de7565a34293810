/* Upload and revision forms: a drop zone, a check of size and type before sending, a progress bar while the
   file travels, "正在检查…" while the server scans it, then the scan result page.
   Progressive enhancement: without this script the plain form posts and the server answers with a redirect.
   The server checks size and type again whatever this script says; this only spares a clerk a useless wait. */
(function () {
  "use strict";

  var ACCEPTED = [".docx", ".pdf"];

  function megabytes(bytes) {
    if (bytes < 1024 * 1024) {
      return Math.max(1, Math.ceil(bytes / 1024)) + " KB";
    }
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  /* Why a file cannot be uploaded, in words a clerk understands, or "" when it may go. */
  function refusal(file, form) {
    var name = file.name.toLowerCase();
    var typeOk = ACCEPTED.some(function (suffix) { return name.slice(-suffix.length) === suffix; });
    if (!typeOk) {
      return "只受理 Word 文档（.docx）和 PDF 文件（.pdf）。“" + file.name + "”不是这两种格式，未上传。" +
        "旧版 .doc 文件请先另存为 .docx。";
    }
    var limit = Number(form.dataset.maxBytes);
    if (limit && file.size > limit) {
      return "文件过大：“" + file.name + "”有 " + megabytes(file.size) + "，超过上限 " + form.dataset.maxLabel +
        "，未上传。请压缩图片或拆分文件后再上传。";
    }
    if (file.size === 0) {
      return "“" + file.name + "”是空文件，未上传。";
    }
    return "";
  }

  function Uploader(form) {
    this.form = form;
    this.zone = form.querySelector("[data-dropzone]");
    this.input = this.zone.querySelector("input[type=file]");
    this.chosen = form.querySelector("[data-upload-file]");
    this.progressBox = form.querySelector("[data-upload-progress]");
    this.bar = this.progressBox.querySelector("progress");
    this.barText = this.progressBox.querySelector(".upload-progress-text");
    this.message = form.querySelector("[data-upload-message]");
    this.button = form.querySelector("button[type=submit]");
    this.busy = false;
  }

  Uploader.prototype.setState = function (state) {
    this.form.dataset.state = state;
  };

  Uploader.prototype.say = function (text) {
    this.message.textContent = text;
    this.message.hidden = !text;
    this.zone.classList.toggle("refused", Boolean(text));
  };

  /* Keep a file that passes the checks in the input (so the form sends it); forget one that does not. */
  Uploader.prototype.take = function (files) {
    this.say("");
    if (files.length === 0) {  // the chooser was cancelled: nothing chosen, nothing to complain about
      this.showChosen(null);
      this.setState("idle");
      return;
    }
    if (files.length !== 1) {
      this.say("一次只能上传一个文件。");
      return;
    }
    var file = files[0];
    var why = refusal(file, this.form);
    if (why) {
      this.input.value = "";
      this.showChosen(null);
      this.say(why);
      this.setState("refused");
      return;
    }
    if (this.input.files !== files) {
      var transfer = new DataTransfer();
      transfer.items.add(file);
      this.input.files = transfer.files;
    }
    this.showChosen(file);
    this.fillTitle(file);
    this.setState("chosen");
  };

  Uploader.prototype.showChosen = function (file) {
    this.chosen.hidden = !file;
    this.chosen.textContent = file ? "已选择：" + file.name + "（" + megabytes(file.size) + "）" : "";
    this.zone.classList.toggle("has-file", Boolean(file));
  };

  /* A new upload needs a title; the file's name is a fair first guess the clerk can still change. */
  Uploader.prototype.fillTitle = function (file) {
    var title = this.form.querySelector("input[name=title]");
    if (title && !title.value.trim()) {
      title.value = file.name.replace(/\.[^.]+$/, "");
    }
  };

  Uploader.prototype.progress = function (percent, text) {
    this.progressBox.hidden = false;
    if (percent === null) {
      this.bar.removeAttribute("value");  // an indeterminate bar: the server is scanning, no fraction to show
    } else {
      this.bar.value = percent;
    }
    this.barText.textContent = text;
  };

  Uploader.prototype.fail = function (text) {
    this.busy = false;
    this.button.disabled = false;
    this.progressBox.hidden = true;
    this.setState("error");
    this.say(text);
  };

  /* The refusal the server wrote into its page (a flashed message), or a plain one with the status. */
  function serverMessage(xhr) {
    try {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var flash = page.querySelector(".flash-error") || page.querySelector("main h1");
      var text = flash ? flash.textContent.trim().replace(/^\[[a-z_]+\]\s*/, "") : "";  // the rule is for logs
      if (text) {
        return "上传未成功：" + text;
      }
    } catch (ignored) { /* fall through to the plain message */ }
    return "上传未成功（服务器状态 " + xhr.status + "），请刷新页面后重试。";
  }

  Uploader.prototype.finished = function (xhr) {
    if (xhr.status === 200) {
      var target = xhr.responseURL;
      try {
        target = JSON.parse(xhr.responseText).location || target;
      } catch (notJson) { /* e.g. the sign-in page after a lapsed session: go where the server went */ }
      this.setState("done");
      this.progress(100, "检查完成，正在打开检查结果…");
      window.location.assign(target);
      return;
    }
    this.fail(serverMessage(xhr));
  };

  Uploader.prototype.send = function () {
    var self = this;
    var xhr = new XMLHttpRequest();
    var data = new FormData(this.form);  // carries the csrf_token hidden field and the revision
    this.busy = true;
    this.button.disabled = true;
    this.say("");
    this.setState("uploading");
    this.progress(0, "正在上传… 0%");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        var percent = Math.round(event.loaded / event.total * 100);
        self.progress(percent, "正在上传… " + percent + "%");
      }
    });
    xhr.upload.addEventListener("load", function () {
      self.setState("scanning");
      self.progress(null, "正在检查…（读取全文，查找公开属性标注、密级标志和个人信息）");
    });
    xhr.addEventListener("load", function () { self.finished(xhr); });
    xhr.addEventListener("error", function () { self.fail("网络连接中断，文件未能上传，请重试。"); });
    xhr.addEventListener("timeout", function () { self.fail("服务器长时间没有响应，请稍后重试。"); });
    xhr.open("POST", this.form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.send(data);
  };

  Uploader.prototype.bind = function () {
    var self = this;
    var zone = this.zone;
    this.form.classList.add("upload-enhanced");
    this.input.addEventListener("change", function () { self.take(self.input.files); });
    this.input.addEventListener("invalid", function () { self.say("请先选择要上传的文件。"); });
    zone.addEventListener("click", function (event) {
      // The label and the input open the chooser themselves; the rest of the zone does it here.
      if (event.target !== self.input && !event.target.closest("label") && !self.busy) {
        self.input.click();
      }
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragover");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      event.stopPropagation();
      if (!self.busy) {
        self.take(event.dataTransfer.files);
      }
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (self.busy) {
        return;
      }
      var file = self.input.files[0];
      var why = file ? refusal(file, self.form) : "请先选择要上传的文件。";
      if (why) {
        self.say(why);
        return;
      }
      self.send();
    });
  };

  /* A file dropped beside the zone would make the browser open it and leave the page; ignore such drops. */
  function guardPage() {
    ["dragover", "drop"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
          event.preventDefault();
        }
      });
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-upload]");
    if (!forms.length || !window.FormData || !window.DataTransfer) {
      return;  // the plain form still works
    }
    Array.prototype.forEach.call(forms, function (form) { new Uploader(form).bind(); });
    guardPage();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
