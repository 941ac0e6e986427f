/*
 * The review screen's rich editor (progressive enhancement).
 *
 * Without this file every segment is a plain textarea holding the text with
 * its marks as numbered tokens ("[1]the guide[/1]"). With it, each rich-text
 * segment becomes a contenteditable editor that shows bold, italic and links
 * as formatting, and whose toolbar offers only the source segment's own marks:
 * a reviewer can place or move a mark, never invent one, drop a link's target
 * or change it (the target stays on the server; the editor only knows the
 * mark's number). Every change is written back to the hidden textarea in the
 * token spelling, so the server's validation stays the authority.
 *
 * Hand-written rather than a library (Draftail, ProseMirror, Trix): those let
 * an editor create any link or mark, and the point here is that they cannot.
 * No inline event handlers, so it works under the admin's Content-Security-Policy.
 */
(function () {
    "use strict";

    var form = document.querySelector("[data-review-form]");
    if (!form) {
        return;
    }
    var TOKEN = /\[\[(?=\/?\d+\])|\[(\/?)(\d+)\]/g;
    var LOOK_ALIKE = /\[(?=\/?\d+\])/g;
    var ELEMENT_FOR = { bold: "strong", italic: "em", link: "a" };
    var threshold = parseInt(form.dataset.threshold, 10);
    var messages = form.dataset;

    function normal(text) {
        return text.replace(/\s+/g, " ").trim();
    }

    function visible(text) {
        return text.replace(TOKEN, function (match) {
            return match === "[[" ? "[" : "";
        });
    }

    function readMarks(segment) {
        var marks = new Map();
        segment.querySelectorAll("[data-marks] li").forEach(function (item) {
            marks.set(item.dataset.mark, {
                number: item.dataset.mark,
                kind: item.dataset.kind,
                paired: item.dataset.paired === "1",
                label: item.dataset.label,
            });
        });
        return marks;
    }

    function markElement(mark) {
        var element;
        if (!mark.paired) {
            element = document.createElement(mark.kind === "break" ? "br" : "span");
            if (mark.kind !== "break") {
                element.textContent = "•";
                element.contentEditable = "false";
            }
        } else {
            element = document.createElement(ELEMENT_FOR[mark.kind] || "span");
            if (mark.kind === "link") {
                element.title = mark.label;
            }
        }
        element.dataset.mark = mark.number;
        return element;
    }

    /* Tokens → formatted DOM; a token the source does not have stays visible as text. */
    function build(editor, text, marks) {
        var stack = [editor];
        var position = 0;
        var top = function () {
            return stack[stack.length - 1];
        };
        text.replace(TOKEN, function (match, closing, number, offset) {
            top().append(text.slice(position, offset));
            position = offset + match.length;
            var mark = marks.get(number);
            if (match === "[[") {
                top().append("[");
            } else if (!mark || (closing && top().dataset.mark !== number)) {
                top().append(match);
            } else if (closing) {
                stack.pop();
            } else {
                var element = markElement(mark);
                top().append(element);
                if (mark.paired) {
                    stack.push(element);
                }
            }
            return match;
        });
        top().append(text.slice(position));
    }

    /* Formatted DOM → tokens. Elements the browser added on its own give their text only. */
    function serialise(node, marks) {
        var out = "";
        node.childNodes.forEach(function (child) {
            if (child.nodeType === Node.TEXT_NODE) {
                out += child.data.replace(LOOK_ALIKE, "[[");
            } else if (child.nodeType === Node.ELEMENT_NODE) {
                var mark = marks.get(child.dataset.mark);
                if (mark && mark.paired) {
                    out += "[" + mark.number + "]" + serialise(child, marks) + "[/" + mark.number + "]";
                } else if (mark) {
                    out += "[" + mark.number + "]";
                } else if (child.tagName === "BR") {
                    out += child.nextSibling ? " " : "";
                } else {
                    out += (/^(DIV|P)$/.test(child.tagName) && out ? " " : "") + serialise(child, marks);
                }
            }
        });
        return out;
    }

    function unwrap(element) {
        while (element.firstChild) {
            element.parentNode.insertBefore(element.firstChild, element);
        }
        element.remove();
    }

    /* Drop empty copies of a mark that splitting left behind. */
    function tidy(editor, marks) {
        marks.forEach(function (mark) {
            var found = editor.querySelectorAll('[data-mark="' + mark.number + '"]');
            if (mark.paired && found.length > 1) {
                found.forEach(function (element) {
                    if (!element.textContent) {
                        element.remove();
                    }
                });
            }
        });
        editor.normalize();
    }

    function selectionInside(editor) {
        var selection = window.getSelection();
        if (!selection.rangeCount) {
            return null;
        }
        var range = selection.getRangeAt(0);
        return editor.contains(range.startContainer) && editor.contains(range.endContainer)
            ? range
            : null;
    }

    /* Put mark ``mark`` on the selected words (paired) or at the caret (void), moving it
       there if it was elsewhere. Nothing else can be created. */
    function applyMark(state, mark) {
        var range = selectionInside(state.editor);
        if (!range || (mark.paired && range.collapsed)) {
            state.say(messages.msgSelect);
            return;
        }
        var placeholder = document.createTextNode("");
        var element = markElement(mark);
        if (mark.paired) {
            var fragment = range.extractContents();
            range.insertNode(placeholder);
            fragment.querySelectorAll('[data-mark="' + mark.number + '"]').forEach(unwrap);
            element.append(fragment);
        } else {
            range.collapse(false);
            range.insertNode(placeholder);
        }
        state.editor.querySelectorAll('[data-mark="' + mark.number + '"]').forEach(unwrap);
        placeholder.parentNode.replaceChild(element, placeholder);
        tidy(state.editor, state.marks);
        var selection = window.getSelection();
        selection.removeAllRanges();
        var after = document.createRange();
        after.selectNodeContents(element);
        selection.addRange(after);
        state.sync();
    }

    function problemsOf(state) {
        var problems = [];
        state.marks.forEach(function (mark) {
            var count = state.editor.querySelectorAll('[data-mark="' + mark.number + '"]').length;
            if (count === 0) {
                problems.push(messages.msgMissing.replace("%(mark)s", mark.label));
            } else if (count > 1) {
                problems.push(messages.msgTwice.replace("%(mark)s", mark.label));
            }
        });
        return problems;
    }

    var segments = [];
    form.querySelectorAll("[data-segment]").forEach(function (segment) {
        var textarea = segment.querySelector("textarea");
        var state = {
            segment: segment,
            textarea: textarea,
            draft: segment.dataset.draft,
            earlier: segment.dataset.earlier,
            html: segment.dataset.html === "1",
            marks: readMarks(segment),
            editor: null,
            say: function () {},
            sync: function () {
                updateShare();
            },
        };
        segments.push(state);
        textarea.addEventListener("input", updateShare);
    });
    segments.forEach(function (state) {
        if (state.html) {
            enhance(state);
        }
    });

    function enhance(state) {
        var editor = document.createElement("div");
        var label = state.segment.querySelector("label[for='" + state.textarea.id + "']");
        editor.className = "rich-editor";
        editor.contentEditable = "true";
        editor.setAttribute("role", "textbox");
        editor.setAttribute("aria-multiline", "true");
        editor.setAttribute("aria-label", label ? label.textContent.trim() : "");
        editor.lang = state.textarea.lang;
        editor.spellcheck = true;
        if (state.textarea.getAttribute("aria-describedby")) {
            editor.setAttribute("aria-describedby", state.textarea.getAttribute("aria-describedby"));
            editor.setAttribute("aria-invalid", "true");
        }
        build(editor, state.textarea.value, state.marks);
        state.editor = editor;

        var problems = document.createElement("p");
        problems.className = "mark-problems";
        problems.setAttribute("aria-live", "polite");
        state.say = function (text) {
            problems.textContent = text || "";
        };
        state.sync = function () {
            state.textarea.value = serialise(editor, state.marks);
            state.say(problemsOf(state).join(" "));
            updateShare();
        };

        if (state.marks.size) {
            var toolbar = document.createElement("div");
            toolbar.className = "mark-toolbar";
            toolbar.setAttribute("role", "toolbar");
            toolbar.setAttribute("aria-label", messages.msgToolbar);
            state.marks.forEach(function (mark) {
                var button = document.createElement("button");
                button.type = "button";
                button.className = "button button-small button-secondary mark-" + mark.kind;
                button.textContent = mark.label;
                button.dataset.applyMark = mark.number;
                // Keep the reviewer's selection in the editor when the button is pressed.
                button.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                });
                button.addEventListener("click", function () {
                    applyMark(state, mark);
                });
                toolbar.append(button);
            });
            state.textarea.before(toolbar);
        }
        state.textarea.before(editor);
        state.textarea.after(problems);
        state.textarea.hidden = true;
        var legend = state.segment.querySelector("[data-marks]");
        if (legend) {
            legend.hidden = true;
        }

        editor.addEventListener("input", function () {
            tidy(editor, state.marks);
            state.sync();
        });
        editor.addEventListener("beforeinput", function (event) {
            var type = event.inputType || "";
            if (type.indexOf("format") === 0 || type === "insertParagraph" || type === "insertLineBreak" || type === "insertFromDrop") {
                event.preventDefault();
            }
        });
        editor.addEventListener("paste", function (event) {
            event.preventDefault();
            var text = (event.clipboardData || window.clipboardData).getData("text/plain");
            document.execCommand("insertText", false, text.replace(/\s+/g, " "));
        });
        editor.addEventListener("drop", function (event) {
            event.preventDefault();
        });
        editor.addEventListener("keydown", function (event) {
            var key = event.key.toLowerCase();
            if ((event.ctrlKey || event.metaKey) && (key === "b" || key === "i" || key === "u")) {
                event.preventDefault();
                var kind = { b: "bold", i: "italic" }[key];
                var choices = Array.from(state.marks.values()).filter(function (mark) {
                    return mark.kind === kind;
                });
                var missing = choices.filter(function (mark) {
                    return !editor.querySelector('[data-mark="' + mark.number + '"]');
                });
                if (missing.length || choices.length) {
                    applyMark(state, missing[0] || choices[0]);
                }
            }
        });
        state.sync();
    }

    function isMachineOutput(state) {
        var text = normal(state.textarea.value);
        var keepsEarlier = state.earlier && text === normal(state.earlier);
        return Boolean(state.draft) && text === normal(state.draft) && !keepsEarlier;
    }

    function updateShare() {
        var total = 0;
        var unedited = 0;
        segments.forEach(function (state) {
            var value = state.textarea.value;
            var length = normal(state.html ? visible(value) : value).length;
            total += length;
            if (isMachineOutput(state)) {
                unedited += length;
            }
        });
        var share = Math.round((100 * unedited) / (total || 1));
        var summary = form.querySelector("[data-unedited-share]");
        summary.dataset.uneditedShare = share;
        summary.querySelector("[data-share-value]").textContent = share;
        form.querySelector("[data-confirm-block]").hidden = !(threshold < 100 && share > threshold);
    }

    /* Ctrl+Enter (⌘+Enter): accept the segment being edited and go to the next one. */
    form.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
            return;
        }
        var index = segments.findIndex(function (state) {
            return state.segment.contains(event.target);
        });
        if (index < 0) {
            return;
        }
        event.preventDefault();
        var current = segments[index];
        var accept = current.segment.querySelector("input[name^='accept-']");
        if (accept) {
            accept.checked = true;
        }
        current.segment.classList.add("is-accepted");
        current.segment.classList.remove("is-current");
        var next = segments[index + 1];
        if (next) {
            var target = next.editor || next.textarea;
            next.segment.classList.add("is-current");
            next.segment.scrollIntoView({ block: "center" });
            target.focus();
        } else {
            form.querySelector("button[value='save']").focus();
        }
    });
    form.addEventListener("change", function (event) {
        if (event.target.name && event.target.name.indexOf("accept-") === 0) {
            event.target.closest("[data-segment]").classList.toggle("is-accepted", event.target.checked);
        }
    });
    form.addEventListener("submit", function () {
        segments.forEach(function (state) {
            if (state.editor) {
                state.textarea.value = serialise(state.editor, state.marks);
            }
        });
    });
    segments.forEach(function (state) {
        var accept = state.segment.querySelector("input[name^='accept-']");
        state.segment.classList.toggle("is-accepted", Boolean(accept && accept.checked));
    });
    form.querySelector("[data-shortcuts]").hidden = false;
    updateShare();
})();
